import { onBehalfOf, upcastEventMetadata, type StoredEventMetadata } from './event-metadata';

const legacy: StoredEventMetadata = {
  request_id: 'req-1',
  user_id: 'u1',
  project_id: 'p1',
  correlation_id: 'req-1',
  causation_id: null,
};

describe('upcastEventMetadata', () => {
  it('reads metadata written before the caller’s request id was kept with none', () => {
    expect(upcastEventMetadata(legacy)).toEqual({ ...legacy, global_request_id: null });
  });

  it('never mutates the stored metadata', () => {
    upcastEventMetadata(legacy);
    expect(legacy).not.toHaveProperty('global_request_id');
  });

  it('returns current metadata as the very same object', () => {
    const current = { ...legacy, global_request_id: 'req-00000000-0000-0000-0000-000000000001' };
    expect(upcastEventMetadata(current)).toBe(current);
    const none = { ...legacy, global_request_id: null };
    expect(upcastEventMetadata(none)).toBe(none);
  });
});

describe('onBehalfOf', () => {
  it('files Berth’s own event under the owner, with no caller request id', () => {
    expect(onBehalfOf({ user_id: 'u1', project_id: 'p1' }, 'observed-1', 'c1')).toEqual({
      request_id: 'observed-1',
      global_request_id: null,
      user_id: 'u1',
      project_id: 'p1',
      correlation_id: 'c1',
      causation_id: null,
    });
  });
});
