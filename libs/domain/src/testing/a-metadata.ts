import type { EventMetadata } from '../shared';

/**
 * Event metadata for tests in every tier, as a request by user `u1` of project `p1` would carry;
 * not part of the domain's public barrel. Import it as `@berth/domain/testing/a-metadata`.
 */
export function aMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  const request_id = overrides.request_id ?? 'req-1';
  return {
    request_id,
    global_request_id: null,
    user_id: 'u1',
    project_id: 'p1',
    correlation_id: request_id,
    causation_id: null,
    ...overrides,
  };
}
