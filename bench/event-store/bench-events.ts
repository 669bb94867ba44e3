import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@berth/drivers';

/** A realistic small event: a container request with its metadata, about 300 bytes of JSON. */
export function benchEvent(sequence: number, sentAt = 0): EventToAppend {
  const requestId = `req-${randomUUID()}`;
  return {
    type: 'ContainerCreateRequested',
    version: 1,
    data: { sequence, sentAt, name: `bench-${sequence}`, image: 'busybox', memory: 512, cpu: 0.5 },
    metadata: {
      request_id: requestId,
      global_request_id: null,
      user_id: 'bench-user',
      project_id: 'bench-project',
      correlation_id: requestId,
      causation_id: null,
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
