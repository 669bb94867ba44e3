import { describe, expect, it } from '@jest/globals';
import { StreamNotFoundError, WrongExpectedVersionError } from '../event-store.errors';
import type { EventStore, ExpectedRevision } from '../event-store.port';
import { testEvent, uniqueCategory } from './fixtures';

async function wrongVersion(attempt: Promise<unknown>): Promise<WrongExpectedVersionError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  return error as WrongExpectedVersionError;
}

export function appendReadContract(store: () => EventStore): void {
  describe('append and readStream', () => {
    it('round-trips id, type, version, data, metadata and revisions', async () => {
      const stream = `${uniqueCategory()}-1`;
      const first = testEvent('ContainerCreateRequested', { name: 'web', memory: 512 }, 2);
      const second = testEvent('ContainerCreated', { nested: { list: [1, 'two', null] } });
      const result = await store().append(stream, [first, second], 'no_stream');
      expect(result.nextRevision).toBe(1n);

      const events = await store().readStream(stream);
      expect(events.map((e) => e.revision)).toEqual([0n, 1n]);
      expect(events[0]).toMatchObject({
        id: first.id,
        stream,
        type: 'ContainerCreateRequested',
        version: 2,
        data: { name: 'web', memory: 512 },
        metadata: first.metadata,
      });
      expect(events[1].data).toEqual({ nested: { list: [1, 'two', null] } });
      expect(events[1].position).toEqual(result.position);
      expect(events[0].createdAt).toBeInstanceOf(Date);
    });

    it('refuses no_stream on an existing stream and reports the actual revision', async () => {
      const stream = `${uniqueCategory()}-1`;
      await store().append(stream, [testEvent('A'), testEvent('B')], 'no_stream');
      const error = await wrongVersion(store().append(stream, [testEvent('C')], 'no_stream'));
      expect(error.actual).toBe(1n);
      expect(await store().readStream(stream)).toHaveLength(2);
    });

    it('appends when the expected revision is the exact last revision', async () => {
      const stream = `${uniqueCategory()}-1`;
      const created = await store().append(stream, [testEvent('A')], 'no_stream');
      const next = await store().append(stream, [testEvent('B')], created.nextRevision);
      expect(next.nextRevision).toBe(1n);
    });

    it.each<[string, ExpectedRevision]>([
      ['an older revision', 0n],
      ['a future revision', 5n],
    ])('rejects %s with WrongExpectedVersionError carrying the actual one', async (_, expected) => {
      const stream = `${uniqueCategory()}-1`;
      await store().append(stream, [testEvent('A'), testEvent('B')], 'no_stream');
      const error = await wrongVersion(store().append(stream, [testEvent('C')], expected));
      expect(error.actual).toBe(1n);
      expect(error.stream).toBe(stream);
      expect(await store().readStream(stream)).toHaveLength(2);
    });

    it('rejects an exact revision on a missing stream with actual no_stream', async () => {
      const stream = `${uniqueCategory()}-1`;
      const error = await wrongVersion(store().append(stream, [testEvent('A')], 0n));
      expect(error.actual).toBe('no_stream');
    });

    it('always appends with any, to new and existing streams', async () => {
      const stream = `${uniqueCategory()}-1`;
      expect((await store().append(stream, [testEvent('A')], 'any')).nextRevision).toBe(0n);
      const again = await store().append(stream, [testEvent('B'), testEvent('C')], 'any');
      expect(again.nextRevision).toBe(2n);
    });

    describe('reading a stream of five events', () => {
      const setUp = async (): Promise<string> => {
        const stream = `${uniqueCategory()}-1`;
        const events = [0, 1, 2, 3, 4].map((n) => testEvent('Numbered', { n }));
        await store().append(stream, events, 'no_stream');
        return stream;
      };
      const numbers = (events: { data: object }[]): unknown[] =>
        events.map((e) => (e.data as { n: number }).n);

      it('reads backwards from the end', async () => {
        const stream = await setUp();
        const events = await store().readStream(stream, { direction: 'backwards' });
        expect(numbers(events)).toEqual([4, 3, 2, 1, 0]);
      });

      it('honours a limit in both directions', async () => {
        const stream = await setUp();
        expect(numbers(await store().readStream(stream, { limit: 2 }))).toEqual([0, 1]);
        const backwards = await store().readStream(stream, { direction: 'backwards', limit: 2 });
        expect(numbers(backwards)).toEqual([4, 3]);
      });

      it('starts at an inclusive fromRevision in both directions', async () => {
        const stream = await setUp();
        expect(numbers(await store().readStream(stream, { fromRevision: 3n }))).toEqual([3, 4]);
        const backwards = await store().readStream(stream, {
          direction: 'backwards',
          fromRevision: 1n,
        });
        expect(numbers(backwards)).toEqual([1, 0]);
      });

      it('returns nothing past the end of an existing stream', async () => {
        const stream = await setUp();
        expect(await store().readStream(stream, { fromRevision: 9n })).toEqual([]);
      });
    });

    it('orders revisions numerically, not as text, past revision 9', async () => {
      const stream = `${uniqueCategory()}-1`;
      const events = Array.from({ length: 12 }, (_, n) => testEvent('Numbered', { n }));
      await store().append(stream, events, 'no_stream');
      const read = await store().readStream(stream);
      expect(read.map((e) => e.revision)).toEqual(events.map((_, n) => BigInt(n)));
      const backwards = await store().readStream(stream, { direction: 'backwards', limit: 3 });
      expect(backwards.map((e) => e.revision)).toEqual([11n, 10n, 9n]);
    });

    it('throws StreamNotFoundError for a stream never written', async () => {
      const stream = `${uniqueCategory()}-missing`;
      await expect(store().readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
    });
  });
}
