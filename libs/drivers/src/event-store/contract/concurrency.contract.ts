import { describe, expect, it } from '@jest/globals';
import { WrongExpectedVersionError } from '../event-store.errors';
import type { EventStore, ExpectedRevision, RecordedEvent } from '../event-store.port';
import { comparePositions } from '../position';
import { markPosition, readAllPages, sleep, testEvent, uniqueCategory, waitFor } from './fixtures';

const WRITERS = 8;
const EVENTS_PER_WRITER = 250;

/** Writes `count` events to its own stream in batches, each append checked against the last. */
async function writer(
  store: EventStore,
  stream: string,
  count: number,
  batch: number,
): Promise<void> {
  let expected: ExpectedRevision = 'no_stream';
  for (let written = 0; written < count; written += batch) {
    const events = Array.from({ length: Math.min(batch, count - written) }, (_, i) =>
      testEvent('Written', { stream, n: written + i }),
    );
    expected = (await store.append(stream, events, expected)).nextRevision;
  }
}

function expectStrictlyIncreasing(events: RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    if (comparePositions(events[i - 1].position, events[i].position) >= 0) {
      throw new Error(`position ${i} does not increase`);
    }
  }
}

export function concurrencyContract(store: () => EventStore): void {
  describe('concurrency', () => {
    it('lets a live subscriber see every event of 8 concurrent writers once, in readAll order', async () => {
      const category = uniqueCategory();
      const start = await markPosition(store());
      const seen: RecordedEvent[] = [];
      const subscription = store().subscribeToAll(
        (event) => {
          if (event.stream.startsWith(`${category}-`)) seen.push(event);
          return Promise.resolve();
        },
        { after: start },
      );
      try {
        await Promise.all(
          Array.from({ length: WRITERS }, (_, w) =>
            writer(store(), `${category}-w${w}`, EVENTS_PER_WRITER, w < WRITERS / 2 ? 1 : 10),
          ),
        );
        const total = WRITERS * EVENTS_PER_WRITER;
        await waitFor(() => seen.length >= total, 30_000);
        await sleep(200); // a duplicate would arrive now
        expect(seen).toHaveLength(total);
        expect(new Set(seen.map((e) => e.id)).size).toBe(total);
        expectStrictlyIncreasing(seen);
        const logged = await readAllPages(store(), start, { streamCategories: [category] });
        expect(seen.map((e) => e.id)).toEqual(logged.map((e) => e.id));
      } finally {
        await subscription.stop();
      }
    }, 60_000);

    it.each<[string, ExpectedRevision]>([
      ['the same revision', 0n],
      ['no_stream', 'no_stream'],
    ])(
      'lets exactly one of two writers expecting %s win, 20 times over',
      async (_, expected) => {
        for (let round = 0; round < 20; round++) {
          const stream = `${uniqueCategory()}-race`;
          if (expected !== 'no_stream')
            await store().append(stream, [testEvent('Created')], 'no_stream');
          const outcomes = await Promise.allSettled([
            store().append(stream, [testEvent('FromA')], expected),
            store().append(stream, [testEvent('FromB')], expected),
          ]);
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(1);
          expect(lost[0].reason).toBeInstanceOf(WrongExpectedVersionError);
          const events = await store().readStream(stream);
          expect(events).toHaveLength(expected === 'no_stream' ? 1 : 2);
        }
      },
      30_000,
    );

    it('gives each of many concurrent appends to mixed streams its own result, some losing', async () => {
      const category = uniqueCategory();
      const streams = Array.from({ length: 6 }, (_, s) => `${category}-s${s}`);
      for (const stream of streams)
        await store().append(stream, [testEvent('Created')], 'no_stream');
      // Per stream, in this order: one right expectation (0n), then stale ones (0n again, or
      // no_stream), then 'any'. Fired together, so with group commit many share a transaction.
      const attempts = streams.flatMap((stream, s) =>
        [0n, 0n, 'no_stream', 'any', 7n].map((expected, k) => ({
          stream,
          expected: expected as ExpectedRevision,
          event: testEvent('Attempt', { s, k }),
        })),
      );
      const outcomes = await Promise.allSettled(
        attempts.map(({ stream, event, expected }) => store().append(stream, [event], expected)),
      );
      const won = attempts.filter((_, i) => outcomes[i].status === 'fulfilled');
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect((outcome.reason as WrongExpectedVersionError).stream).toBe(attempts[i].stream);
          expect(typeof (outcome.reason as WrongExpectedVersionError).actual).toBe('bigint');
        }
      }
      for (const stream of streams) {
        const mine = attempts.filter((a) => a.stream === stream);
        const results = mine.map((a) => outcomes[attempts.indexOf(a)]);
        // Of the exact and no_stream expectations on a stream that exists, at most one (0n) wins;
        // 'any' always wins; 7n never does.
        expect(
          results.filter((r, k) => k < 3 && r.status === 'fulfilled').length,
        ).toBeLessThanOrEqual(1);
        expect(results[2].status).toBe('rejected');
        expect(results[3].status).toBe('fulfilled');
        expect(results[4].status).toBe('rejected');
        const events = await store().readStream(stream);
        const written = events.slice(1).map((e) => e.id);
        const expectedIds = won.filter((a) => a.stream === stream).map((a) => a.event.id);
        expect([...written].sort()).toEqual([...expectedIds].sort());
        expect(events.map((e) => e.revision)).toEqual(events.map((_, r) => BigInt(r)));
        // Each winner's result names the revision its event was written at.
        for (const [k, attempt] of mine.entries()) {
          const result = results[k];
          if (result.status !== 'fulfilled') continue;
          const at = events.find((e) => e.id === attempt.event.id);
          expect(at?.revision).toBe(result.value.nextRevision);
          expect(at?.position).toEqual(result.value.position);
        }
      }
    });
  });
}
