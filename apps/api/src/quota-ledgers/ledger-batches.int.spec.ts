import { randomBytes, randomUUID } from 'node:crypto';
import {
  ZUN_DEFAULT_QUOTAS,
  claimResources,
  evolveProjectQuota,
  initialProjectQuota,
  isProjectQuotaEvent,
  projectStream,
  QuotaExceeded,
} from '@berth/domain';
import { PostgresEventStore, type AppendResult, type StreamAppend } from '@berth/drivers';
import { QuotaRepository } from '@berth/platform';
import { LedgerBatches, type LedgerWrite } from './ledger-batches';
import { ProjectLedgers } from './project-ledgers';
import { aMetadata } from '@berth/domain/testing/a-metadata';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/berth';
const META = aMetadata();
const LIMITS = { ...ZUN_DEFAULT_QUOTAS, containers: 10 };
const ONE = { containers: 1, cpu: 0, memory: 0, disk: 0 };

describe('group commit of quota claims', () => {
  let store: PostgresEventStore;
  let batches: LedgerBatches;
  /** appendMany calls, to see how many transactions the writes took. */
  let appends = 0;

  beforeAll(async () => {
    store = await PostgresEventStore.connect({
      connectionString: URL,
      schema: `batches_${randomBytes(4).toString('hex')}`,
    });
    const appendMany = store.appendMany.bind(store);
    store.appendMany = (batch: readonly StreamAppend[]): Promise<AppendResult[]> => {
      appends++;
      return appendMany(batch);
    };
    const ledgers = new ProjectLedgers(new QuotaRepository(store, ZUN_DEFAULT_QUOTAS), store);
    batches = new LedgerBatches(ledgers, store);
  });

  afterAll(async () => {
    await store.dropSchema();
    await store.close();
  });

  /** A create's write: its claim, and its own container stream (or `stream`) beside it. */
  const create = (project: string, stream = `container-${randomUUID()}`, through = batches) => {
    const uuid = randomUUID();
    const write: LedgerWrite = {
      metadata: META,
      decide: (ledger) => claimResources(ledger, LIMITS, uuid, ONE, new Date().toISOString()),
      entries: [
        {
          stream,
          events: [{ type: 'Probed', version: 1, data: { uuid }, metadata: META }],
          expectedRevision: 'any',
        },
      ],
      committed: () => undefined,
      failed: () => undefined,
    };
    return through.write(project, write);
  };

  const claimsOf = async (project: string): Promise<number> => {
    const events = await store.readStream(projectStream(project));
    const state = events
      .filter(isProjectQuotaEvent)
      .reduce(evolveProjectQuota, initialProjectQuota());
    return state.claims.size;
  };

  it('accepts exactly the quota out of 30 concurrent creates, in far fewer transactions', async () => {
    const project = `p-${randomUUID()}`;
    appends = 0;
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => create(project)));
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(20);
    expect(refused.every((r) => r.reason instanceof QuotaExceeded)).toBe(true);
    expect(await claimsOf(project)).toBe(10);
    expect(appends).toBeLessThan(10);
  });

  it('batches creates of many projects together, each within its own quota', async () => {
    const projects = Array.from({ length: 5 }, () => `p-${randomUUID()}`);
    appends = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, n) => create(projects[n % projects.length])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    for (const project of projects) expect(await claimsOf(project)).toBe(10);
    expect(appends).toBeLessThan(50);
  });

  it('puts writes to one stream in separate batches, and every one commits', async () => {
    const project = `p-${randomUUID()}`;
    const shared = `host-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 4 }, () => create(project, shared)));
    expect(results.map(([r]) => r.nextRevision).sort()).toEqual([0n, 1n, 2n, 3n]);
  });

  it('reads a ledger that moved on elsewhere and decides the batch again on it', async () => {
    const project = `p-${randomUUID()}`;
    await create(project);
    // Another replica claims nine more behind this process's back.
    for (let i = 0; i < 9; i++) {
      const events = claimResources(
        initialProjectQuota(),
        LIMITS,
        randomUUID(),
        ONE,
        new Date().toISOString(),
      );
      await store.append(
        projectStream(project),
        events.map((e) => ({ ...e, metadata: META })),
        'any',
      );
    }
    const [late] = await Promise.allSettled([create(project)]);
    expect(late.status === 'rejected' && late.reason instanceof QuotaExceeded).toBe(true);
    expect(await claimsOf(project)).toBe(10);
  });

  it('appends writes on one stream as one where the sharing judge says, each its own revision', async () => {
    const judged: number[] = [];
    // Like a host's judge: the stream's revision as it is now, for at most three events.
    const sharing = {
      revisionFor: async (stream: string, events: readonly unknown[]) => {
        judged.push(events.length);
        const revision = BigInt((await store.readStream(stream).catch(() => [])).length) - 1n;
        return events.length <= 3 && revision >= 0n ? revision : null;
      },
    };
    const ledgers = new ProjectLedgers(new QuotaRepository(store, ZUN_DEFAULT_QUOTAS), store);
    const sharingBatches = new LedgerBatches(ledgers, store, sharing);
    const project = `p-${randomUUID()}`;
    const shared = `host-${randomUUID()}`;
    appends = 0;
    // The first goes alone (nothing waits yet); the next four queue behind it.
    const results = await Promise.all(
      Array.from({ length: 5 }, () => create(project, shared, sharingBatches)),
    );
    expect(results.map(([r]) => r.nextRevision).sort()).toEqual([0n, 1n, 2n, 3n, 4n]);
    // Three of the four share a batch (the judge allows three events); the fourth takes its own.
    expect(appends).toBe(3);
    expect(judged).toContain(4);
    expect(await claimsOf(project)).toBe(5);
  });
});
