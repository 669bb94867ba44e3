import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AdvisoryLeadership } from './leadership';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/berth';
const CHECK_MS = 50;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A replica's view of one role: whether it leads, and how many times it started the work. */
function replica(role: string): { leadership: AdvisoryLeadership; working: () => number } {
  let working = 0;
  const leadership = new AdvisoryLeadership(URL, role, {
    checkEveryMs: CHECK_MS,
    onElected: () => {
      working++;
      return Promise.resolve();
    },
    onDeposed: () => {
      working--;
      return Promise.resolve();
    },
  });
  return { leadership, working: () => working };
}

describe('advisory-lock leadership among replicas', () => {
  const admin = new Pool({ connectionString: URL });
  let running: AdvisoryLeadership[] = [];

  afterEach(async () => {
    await Promise.all(running.map((l) => l.stop()));
    running = [];
  });

  afterAll(() => admin.end());

  const start = (role: string, n: number): ReturnType<typeof replica>[] => {
    const replicas = Array.from({ length: n }, () => replica(role));
    for (const r of replicas) {
      running.push(r.leadership);
      r.leadership.start();
    }
    return replicas;
  };

  it('lets exactly one of three replicas lead, and keeps it so over several checks', async () => {
    const role = `test-${randomBytes(4).toString('hex')}`;
    const replicas = start(role, 3);
    await until(() => replicas.some((r) => r.leadership.isLeader));
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, CHECK_MS));
      expect(replicas.filter((r) => r.leadership.isLeader)).toHaveLength(1);
      expect(replicas.map((r) => r.working()).reduce((a, b) => a + b)).toBe(1);
    }
  });

  it('hands over to a standing-by replica when the leader stops', async () => {
    const role = `test-${randomBytes(4).toString('hex')}`;
    const replicas = start(role, 2);
    await until(() => replicas.some((r) => r.leadership.isLeader));
    const leader = replicas.find((r) => r.leadership.isLeader)!;
    const other = replicas.find((r) => r !== leader)!;
    await leader.leadership.stop();
    expect(leader.working()).toBe(0);
    await until(() => other.leadership.isLeader);
    expect(other.working()).toBe(1);
  });

  it('deposes a leader whose database session is killed, and another takes over', async () => {
    const role = `test-${randomBytes(4).toString('hex')}`;
    const replicas = start(role, 2);
    await until(() => replicas.some((r) => r.leadership.isLeader));
    const leader = replicas.find((r) => r.leadership.isLeader)!;
    const other = replicas.find((r) => r !== leader)!;
    // Kill the session that holds the lock, as a crash or a lost connection would.
    await admin.query(
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted
          AND l.objid = (hashtext($1)::bigint & 4294967295)::oid`,
      [`berth-leader:${role}`],
    );
    await until(() => !leader.leadership.isLeader);
    expect(leader.working()).toBe(0);
    await until(() => replicas.filter((r) => r.leadership.isLeader).length === 1);
    expect(replicas.map((r) => r.working()).reduce((a, b) => a + b)).toBe(1);
    expect(other.leadership.isLeader || leader.leadership.isLeader).toBe(true);
  });
});
