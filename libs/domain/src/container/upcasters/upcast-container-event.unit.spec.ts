import { isContainerEvent } from '../container.events';
import { upcastContainerEvent } from './upcast-container-event';

const legacyStop = {
  id: 'e-1',
  stream: 'container-6f1c2b1e-8d0a-4c55-9a63-0c1f3c8e2a10',
  type: 'ContainerStopRequested',
  version: 0,
  data: { request_id: 'req-1', at: '2025-01-01T00:00:01.000Z' },
};

describe('upcastContainerEvent', () => {
  it('reads a v0 stop request as v1 with the legacy 10 second timeout', () => {
    const upcast = upcastContainerEvent(legacyStop);
    expect(upcast.version).toBe(1);
    expect(upcast.data).toEqual({
      request_id: 'req-1',
      at: '2025-01-01T00:00:01.000Z',
      timeout: 10,
    });
  });

  it('keeps the store fields such as id and stream', () => {
    const upcast = upcastContainerEvent(legacyStop);
    expect(upcast.id).toBe('e-1');
    expect(upcast.stream).toBe(legacyStop.stream);
  });

  it('makes a legacy event acceptable to the domain, which rejects it before', () => {
    expect(isContainerEvent(legacyStop)).toBe(false);
    expect(isContainerEvent(upcastContainerEvent(legacyStop))).toBe(true);
  });

  it('never mutates the stored event', () => {
    upcastContainerEvent(legacyStop);
    expect(legacyStop.version).toBe(0);
    expect(legacyStop.data).not.toHaveProperty('timeout');
  });

  it('keeps a timeout a v0 event happened to carry', () => {
    const upcast = upcastContainerEvent({
      ...legacyStop,
      data: { ...legacyStop.data, timeout: 3 },
    });
    expect(upcast.data).toMatchObject({ timeout: 3 });
  });

  it('returns a current event as the very same object', () => {
    const current = { ...legacyStop, version: 1, data: { ...legacyStop.data, timeout: 5 } };
    expect(upcastContainerEvent(current)).toBe(current);
  });

  it('leaves other types and unknown versions alone', () => {
    const host = { type: 'HostRegistered', version: 0, data: {} };
    const future = { ...legacyStop, version: 7 };
    expect(upcastContainerEvent(host)).toBe(host);
    expect(upcastContainerEvent(future)).toBe(future);
  });
});
