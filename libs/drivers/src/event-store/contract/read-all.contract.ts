import { describe, expect, it } from '@jest/globals';
import type { EventStore, Position, RecordedEvent } from '../event-store.port';
import { comparePositions } from '../position';
import { markPosition, readAllPages, testEvent, uniqueCategory } from './fixtures';

interface Written {
  start: Position;
  containers: string;
  hosts: string;
}

/** Three streams in two categories, interleaved: container A, host, container B, container A. */
async function writeMixedLog(store: EventStore): Promise<Written> {
  const start = await markPosition(store);
  const containers = uniqueCategory();
  const hosts = uniqueCategory();
  await store.append(`${containers}-a`, [testEvent('Requested', { i: 1 })], 'no_stream');
  await store.append(`${hosts}-h1`, [testEvent('Claimed', { i: 2 })], 'no_stream');
  await store.append(`${containers}-b`, [testEvent('Requested', { i: 3 })], 'no_stream');
  await store.append(`${containers}-a`, [testEvent('Started', { i: 4 })], 0n);
  return { start, containers, hosts };
}

const order = (events: RecordedEvent[]): unknown[] =>
  events.map((e) => (e.data as { i: number }).i);

function ours(events: RecordedEvent[], written: Written): RecordedEvent[] {
  return events.filter(
    (e) => e.stream.startsWith(written.containers) || e.stream.startsWith(written.hosts),
  );
}

export function readAllContract(store: () => EventStore): void {
  describe('readAll', () => {
    it('returns only events after the given position, in append order', async () => {
      const written = await writeMixedLog(store());
      const events = await readAllPages(store(), written.start);
      expect(order(ours(events, written))).toEqual([1, 2, 3, 4]);
      for (let i = 1; i < events.length; i++) {
        expect(comparePositions(events[i - 1].position, events[i].position)).toBeLessThan(0);
      }
      const afterSecond = events.find((e) => order([e])[0] === 2);
      const rest = await readAllPages(store(), afterSecond!.position);
      expect(order(ours(rest, written))).toEqual([3, 4]);
    });

    it('never returns the event at the given position itself', async () => {
      const written = await writeMixedLog(store());
      const events = await store().readAll({ after: written.start, limit: 10 });
      expect(events.every((e) => comparePositions(e.position, written.start) > 0)).toBe(true);
    });

    it('keeps only the requested event types', async () => {
      const written = await writeMixedLog(store());
      const events = await readAllPages(store(), written.start, {
        eventTypes: ['Started', 'Claimed'],
      });
      expect(order(ours(events, written))).toEqual([2, 4]);
      expect(events.every((e) => e.type === 'Started' || e.type === 'Claimed')).toBe(true);
    });

    it('keeps only the requested stream categories', async () => {
      const written = await writeMixedLog(store());
      const events = await readAllPages(store(), written.start, {
        streamCategories: [written.containers],
      });
      expect(order(events)).toEqual([1, 3, 4]);
    });

    it('narrows by both when types and categories are given', async () => {
      const written = await writeMixedLog(store());
      const events = await readAllPages(store(), written.start, {
        eventTypes: ['Requested', 'Claimed'],
        streamCategories: [written.containers],
      });
      expect(order(events)).toEqual([1, 3]);
    });

    it('returns at most limit events', async () => {
      const written = await writeMixedLog(store());
      const events = await store().readAll({
        after: written.start,
        limit: 2,
        filter: { streamCategories: [written.containers, written.hosts] },
      });
      expect(order(events)).toEqual([1, 2]);
    });
  });
}
