import type { Position } from '@berth/drivers';
import { projectorReadiness } from './projector-readiness';

describe('the projector readiness check', () => {
  let now = 0;
  let committed: Position = { commit: 5n, prepare: 10n };
  let following = true;
  let behind = 0;
  const check = projectorReadiness(
    { name: 'read-model', status: () => ({ committed, following }) },
    (sql) =>
      Promise.resolve(
        sql.includes('projection_checkpoints')
          ? [{ position: `${committed.commit}:${committed.prepare}` }]
          : [{ behind }],
      ),
    { events: 'e', read: 'r' },
    1_000,
    () => now,
  );

  it('is up when nothing is left to apply, however long the position stays', async () => {
    now = 60_000;
    await expect(check.check()).resolves.toEqual({ position: '5:10', lag: 0 });
  });

  it('is up while behind and moving, and down once behind and still past the stall time', async () => {
    behind = 40;
    committed = { commit: 6n, prepare: 11n };
    await expect(check.check()).resolves.toEqual({ position: '6:11', lag: 40 });
    now += 500;
    await expect(check.check()).resolves.toMatchObject({ lag: 40 });
    now += 1_000;
    await expect(check.check()).rejects.toThrow(/40 events behind .* has not moved/);
  });

  it('is down when the projection is not following the log', async () => {
    following = false;
    await expect(check.check()).rejects.toThrow(/not following/);
  });
});
