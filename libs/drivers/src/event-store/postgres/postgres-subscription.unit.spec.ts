import { testEvent } from '../contract/fixtures';
import type { RecordedEvent } from '../event-store.port';
import { NotificationHub } from './notification-hub';
import { DEFAULT_TIMINGS, PostgresSubscription } from './postgres-subscription';

/** A hub that never connects: wake-ups come only from the test. */
class QuietHub extends NotificationHub {
  constructor() {
    super({ connectionString: 'postgres://unused' }, 'es');
  }

  override start(): Promise<void> {
    return Promise.resolve();
  }
}

const recorded = (commit: bigint): RecordedEvent => ({
  ...testEvent('Happened'),
  id: `e-${commit}`,
  stream: 'thing-1',
  revision: commit,
  position: { commit, prepare: commit },
  createdAt: new Date(),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a subscription whose reads find the events committed up to `readable`; counts its reads. */
async function readsAfterCommit(told: bigint, readable: bigint): Promise<number> {
  const hub = new QuietHub();
  let reads = 0;
  let after = 0n;
  const subscription = new PostgresSubscription(
    (position) => {
      reads++;
      after = position.commit;
      return Promise.resolve(after < readable ? [recorded(readable)] : []);
    },
    hub,
    () => Promise.resolve(),
    {},
    { ...DEFAULT_TIMINGS, safetyPollMs: 60_000 },
  );
  await sleep(20); // the first read, then parked
  reads = 0;
  hub.localCommit({
    categories: new Set(['thing']),
    types: new Set(['Happened']),
    lastCommit: told,
  });
  await sleep(200);
  await subscription.stop();
  return reads;
}

describe('PostgresSubscription re-reads', () => {
  it('reads once after a commit it was told of, once it has read past that commit', async () => {
    expect(await readsAfterCommit(5n, 5n)).toBe(1);
  });

  it('re-reads shortly while a commit it was told of is not readable yet', async () => {
    expect(await readsAfterCommit(9n, 5n)).toBeGreaterThanOrEqual(4);
  });
});
