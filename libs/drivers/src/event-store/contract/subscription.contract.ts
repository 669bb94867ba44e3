import { describe, expect, it } from '@jest/globals';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { comparePositions } from '../position';
import { deferred, markPosition, sleep, testEvent, uniqueCategory, waitFor } from './fixtures';

async function writeMany(store: EventStore, stream: string, count: number): Promise<void> {
  for (let n = 0; n < count; n++) await store.append(stream, [testEvent('Tick', { n })], 'any');
}

export function subscriptionContract(store: () => EventStore): void {
  describe('subscribeToAll', () => {
    it('resumes after a stop from the last handled position with nothing lost or repeated', async () => {
      const category = uniqueCategory();
      const filter = { streamCategories: [category] };
      const after = await markPosition(store());
      const total = 400;
      const writing = Promise.all(
        [0, 1, 2, 3].map((w) => writeMany(store(), `${category}-${w}`, 100)),
      );
      const handled: RecordedEvent[] = [];
      const reached = deferred();
      const handle = (event: RecordedEvent): Promise<void> => {
        handled.push(event);
        if (handled.length === 120) reached.resolve();
        return Promise.resolve();
      };

      const first = store().subscribeToAll(handle, { after, filter });
      await reached.promise;
      await first.stop();
      const handledAtStop = handled.length;
      await sleep(100);
      expect(handled).toHaveLength(handledAtStop);

      const second = store().subscribeToAll(handle, {
        after: handled[handled.length - 1].position,
        filter,
      });
      try {
        await writing;
        await waitFor(() => handled.length >= total, 20_000);
        await sleep(200);
        expect(handled).toHaveLength(total);
        expect(new Set(handled.map((e) => e.id)).size).toBe(total);
        for (let i = 1; i < handled.length; i++) {
          expect(comparePositions(handled[i - 1].position, handled[i].position)).toBeLessThan(0);
        }
      } finally {
        await second.stop();
      }
    }, 60_000);

    it('delivers an event appended after it went live within one second', async () => {
      const category = uniqueCategory();
      const after = await markPosition(store());
      let deliveredAt = 0;
      const subscription = store().subscribeToAll(
        () => {
          deliveredAt = Date.now();
          return Promise.resolve();
        },
        { after, filter: { streamCategories: [category] } },
      );
      try {
        await sleep(500); // caught up and idle: only a live wake-up can deliver now
        const appendedAt = Date.now();
        await store().append(`${category}-1`, [testEvent('Live')], 'no_stream');
        await waitFor(() => deliveredAt > 0, 5_000);
        expect(deliveredAt - appendedAt).toBeLessThan(1000);
      } finally {
        await subscription.stop();
      }
    }, 15_000);

    it('resolves stop only after the handler in flight has finished', async () => {
      const category = uniqueCategory();
      const after = await markPosition(store());
      await store().append(`${category}-1`, [testEvent('Slow'), testEvent('Never')], 'no_stream');
      const started = deferred();
      const types: string[] = [];
      let finished = false;
      const subscription = store().subscribeToAll(
        async (event) => {
          types.push(event.type);
          started.resolve();
          await sleep(200);
          finished = true;
        },
        { after, filter: { streamCategories: [category] } },
      );
      await started.promise;
      await subscription.stop();
      expect(finished).toBe(true);
      await sleep(100);
      expect(types).toEqual(['Slow']);
    }, 15_000);

    it('reports a failing handler through onError and delivers nothing after it', async () => {
      const category = uniqueCategory();
      const after = await markPosition(store());
      await store().append(`${category}-1`, [testEvent('Bad'), testEvent('Next')], 'no_stream');
      const failed = deferred();
      const errors: Error[] = [];
      const types: string[] = [];
      const subscription = store().subscribeToAll(
        (event) => {
          types.push(event.type);
          return Promise.reject(new Error('projection broke'));
        },
        {
          after,
          filter: { streamCategories: [category] },
          onError: (error) => {
            errors.push(error);
            failed.resolve();
          },
        },
      );
      await failed.promise;
      await sleep(100);
      await subscription.stop();
      expect(errors.map((e) => e.message)).toEqual(['projection broke']);
      expect(types).toEqual(['Bad']);
    }, 15_000);
  });
}
