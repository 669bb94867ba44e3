import type { AllStreamResolvedEvent, RegexFilter } from '@eventstore/db-client';
import { testEvent } from '../contract/fixtures';
import { toServerFilter } from './eventstoredb-filter';
import { fromResolved, toEventData, VERSION_KEY } from './eventstoredb-mapping';

function storedAs(type: string, streamId: string, metadata: unknown): AllStreamResolvedEvent {
  const resolved: AllStreamResolvedEvent = {
    event: {
      streamId,
      id: 'a3b1c2d4-0000-4000-8000-000000000001',
      isJson: true,
      revision: 4n,
      type,
      created: new Date(0),
      data: { a: 1 },
      metadata: metadata as Record<string, unknown>,
      position: { commit: 10n, prepare: 9n },
    },
  };
  return resolved;
}

describe('EventStoreDB mapping', () => {
  it('writes the version into the metadata and reads it back out of it', () => {
    const appended = testEvent('ContainerStarted', { a: 1 }, 3);
    const data = toEventData(appended);
    expect(data.metadata).toMatchObject({ ...appended.metadata, [VERSION_KEY]: 3 });
    const read = fromResolved(storedAs('ContainerStarted', 'container-1', data.metadata));
    expect(read).toMatchObject({ version: 3, metadata: appended.metadata, revision: 4n });
    expect(read?.metadata).not.toHaveProperty(VERSION_KEY);
    expect(read?.position).toEqual({ commit: 10n, prepare: 9n });
  });

  it('skips system events and system streams', () => {
    expect(fromResolved(storedAs('$metadata', 'container-1', {}))).toBeUndefined();
    expect(fromResolved(storedAs('ContainerStarted', '$$container-1', {}))).toBeUndefined();
  });

  it('filters categories on the server by whole category name', () => {
    const filter = toServerFilter({ streamCategories: ['container', 'a.b'] }) as RegexFilter;
    const regex = new RegExp(filter.regex);
    expect(filter.filterOn).toBe('streamName');
    expect(['container-1', 'container', 'a.b-2'].every((s) => regex.test(s))).toBe(true);
    expect(['containers-1', 'axb-2', 'x-container-1'].some((s) => regex.test(s))).toBe(false);
  });

  it('filters event types on the server by exact name', () => {
    const filter = toServerFilter({ eventTypes: ['Started'] }) as RegexFilter;
    expect(filter.filterOn).toBe('eventType');
    expect(new RegExp(filter.regex).test('Started')).toBe(true);
    expect(new RegExp(filter.regex).test('StartedLate')).toBe(false);
  });
});
