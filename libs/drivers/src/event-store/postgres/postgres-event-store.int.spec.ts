import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { markPosition, sleep, testEvent, uniqueCategory, waitFor } from '../contract/fixtures';
import { WrongExpectedVersionError } from '../event-store.errors';
import type { RecordedEvent } from '../event-store.port';
import { appendToStream } from './append-statement';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';

const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/berth';

function freshSchema(): string {
  return `es_test_${randomBytes(5).toString('hex')}`;
}

async function openStore(
  options: Partial<PostgresEventStoreOptions> = {},
): Promise<PostgresEventStore> {
  return PostgresEventStore.connect({ connectionString, schema: freshSchema(), ...options });
}

async function dispose(store: PostgresEventStore): Promise<void> {
  await store.dropSchema();
  await store.close();
}

describeEventStoreContract('PostgreSQL', async () => {
  const store = await openStore();
  return { store, cleanup: () => dispose(store) };
});

describe('PostgresEventStore', () => {
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await openStore();
  });
  afterAll(() => dispose(store));

  it('migrates a fresh schema idempotently when two processes start together', async () => {
    const options = { connectionString, schema: freshSchema() };
    const [a, b] = await Promise.all([
      PostgresEventStore.connect(options),
      PostgresEventStore.connect(options),
    ]);
    try {
      await a.migrate();
      await a.append('check-1', [testEvent('Migrated')], 'no_stream');
      expect(await b.readStream('check-1')).toHaveLength(1);
    } finally {
      await a.dropSchema();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('appends to several streams in one transaction', async () => {
    const category = uniqueCategory();
    await store.append(`${category}-quota`, [testEvent('QuotaSet')], 'no_stream');
    const results = await store.appendMany([
      { stream: `${category}-quota`, events: [testEvent('QuotaClaimed')], expectedRevision: 0n },
      {
        stream: `${category}-c1`,
        events: [testEvent('A'), testEvent('B')],
        expectedRevision: 'no_stream',
      },
    ]);
    expect(results.map((r) => r.nextRevision)).toEqual([1n, 1n]);
    expect(results[0].position.commit).toBe(results[1].position.commit);
  });

  it('writes nothing from appendMany when one stream has a wrong expected revision', async () => {
    const category = uniqueCategory();
    await store.append(`${category}-quota`, [testEvent('QuotaSet')], 'no_stream');
    const attempt = store.appendMany([
      { stream: `${category}-c1`, events: [testEvent('Requested')], expectedRevision: 'no_stream' },
      { stream: `${category}-quota`, events: [testEvent('QuotaClaimed')], expectedRevision: 7n },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.readStream(`${category}-c1`)).rejects.toThrow('does not exist');
    expect(await store.readStream(`${category}-quota`)).toHaveLength(1);
    // The failed claim left no stream row behind either: no_stream still succeeds.
    await store.append(`${category}-c1`, [testEvent('Requested')], 'no_stream');
  });

  it('upcasts old event versions on every read path without rewriting them', async () => {
    const upcast = (event: RecordedEvent): RecordedEvent =>
      event.version === 1 ? { ...event, version: 2, data: { ...event.data, upcast: true } } : event;
    const upcasting = new PostgresEventStore({ connectionString, schema: store.schema, upcast });
    try {
      const category = uniqueCategory();
      const after = await markPosition(store);
      await store.append(`${category}-1`, [testEvent('Old', { v: 1 }, 1)], 'no_stream');
      const expected = { version: 2, data: { v: 1, upcast: true } };
      expect((await upcasting.readStream(`${category}-1`))[0]).toMatchObject(expected);
      expect(
        (await upcasting.readAll({ after, filter: { streamCategories: [category] } }))[0],
      ).toMatchObject(expected);
      const delivered: RecordedEvent[] = [];
      const subscription = upcasting.subscribeToAll(
        (event) => Promise.resolve(void delivered.push(event)),
        { after, filter: { streamCategories: [category] } },
      );
      await waitFor(() => delivered.length === 1, 5_000);
      await subscription.stop();
      expect(delivered[0]).toMatchObject(expected);
      expect((await store.readStream(`${category}-1`))[0]).toMatchObject({
        version: 1,
        data: { v: 1 },
      });
    } finally {
      await upcasting.close();
    }
  });

  it('delivers an event of a transaction that began first but committed last, before the later one', async () => {
    const category = uniqueCategory();
    const after = await markPosition(store);
    const delivered: string[] = [];
    const subscription = store.subscribeToAll(
      (event) => Promise.resolve(void delivered.push(event.type)),
      {
        after,
        filter: { streamCategories: [category] },
      },
    );
    const slow = new Client({ connectionString });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await appendToStream(
        slow,
        store.schema,
        `${category}-slow`,
        [testEvent('Early')],
        'no_stream',
      );
      await store.append(`${category}-fast`, [testEvent('Late')], 'no_stream');
      // Late has committed, but Early's transaction holds the snapshot's xmin: nothing is readable.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(delivered).toEqual([]);
      await slow.query('COMMIT');
      await waitFor(() => delivered.length === 2, 5_000);
      expect(delivered).toEqual(['Early', 'Late']);
    } finally {
      await slow.end();
      await subscription.stop();
    }
  });

  it("wakes another process's subscription only for commits its filter could match", async () => {
    const category = uniqueCategory();
    const after = await markPosition(store);
    // No rechecks and no safety poll to speak of: only a NOTIFY can make this subscription read.
    const listener = new PostgresEventStore({
      connectionString,
      schema: store.schema,
      subscriptionTimings: { recheckDelaysMs: [], safetyPollMs: 60_000 },
    });
    const delivered: string[] = [];
    const subscription = listener.subscribeToAll(
      (event) => Promise.resolve(void delivered.push(event.type)),
      { after, filter: { streamCategories: [category] } },
    );
    const raw = new Client({ connectionString });
    await raw.connect();
    try {
      await sleep(300); // the first read (LISTEN just made) has found nothing
      // Committed without an announcement: readable, but nothing tells the subscription.
      await appendToStream(
        raw,
        store.schema,
        `${category}-quiet`,
        [testEvent('Quiet')],
        'no_stream',
      );
      // Announced, but of another category: the subscription is not woken by it.
      await store.append(`${uniqueCategory()}-other`, [testEvent('Other')], 'no_stream');
      await sleep(500);
      expect(delivered).toEqual([]);
      // Announced and of its category: it reads, and finds both.
      await store.append(`${category}-loud`, [testEvent('Loud')], 'no_stream');
      await waitFor(() => delivered.length === 2, 5_000);
      expect(delivered).toEqual(['Quiet', 'Loud']);
    } finally {
      await raw.end();
      await subscription.stop();
      await listener.close();
    }
  });
});
