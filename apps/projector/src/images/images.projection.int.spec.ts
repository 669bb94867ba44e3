import { randomUUID } from 'node:crypto';
import { imageStream, type ImageEvent } from '@berth/domain';
import type { Position } from '@berth/drivers';
import { describeDifference } from '../rebuild/diff-read-model';
import { verifyReadModel } from '../rebuild/verify-read-model';
import { waitForCheckpoint } from '../testing/projection-test-db';
import { withLiveProjector } from '../testing/with-live-projector';

const AT = '2026-01-01T00:00:00.000Z';
const who = { repo: 'berth/x', tag: 'v1', host: 'h1', project_id: 'p1', user_id: 'u1' };
const metadata = {
  request_id: 'req-1',
  global_request_id: null,
  user_id: 'u1',
  project_id: 'p1',
  correlation_id: 'req-1',
  causation_id: null,
};

describe('the images projection (PostgreSQL)', () => {
  const live = withLiveProjector();

  const append = async (uuid: string, events: ImageEvent[]): Promise<Position> =>
    (
      await live.db.store.append(
        imageStream(uuid),
        events.map((e) => ({ ...e, metadata })),
        'any',
      )
    ).position;

  it('keeps pulled and committed images, drops deleted ones, and rebuilds identically', async () => {
    const [pulled, failed, committed, deleted] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const r = { request_id: 'req-1', at: AT };
    await append(pulled, [
      { type: 'ImagePullRequested', version: 1, data: { ...r, ...who } },
      { type: 'ImagePulled', version: 1, data: { ...r, image_id: 'sha256:a', size: 2_000_000 } },
    ]);
    await append(failed, [
      { type: 'ImagePullRequested', version: 1, data: { ...r, ...who } },
      { type: 'ImagePullFailed', version: 1, data: { ...r, reason: 'no such image' } },
    ]);
    const commit = {
      type: 'ImageCommitted' as const,
      version: 1,
      data: {
        ...r,
        ...who,
        image_id: 'sha256:b',
        size: 5_000_000_000,
        container_uuid: randomUUID(),
      },
    };
    await append(committed, [commit]);
    const last = await append(deleted, [
      commit,
      { type: 'ImageDeleteRequested', version: 1, data: { request_id: 'req-2', at: AT } },
      { type: 'ImageDeleted', version: 1, data: { request_id: 'req-2', at: AT } },
    ]);
    await waitForCheckpoint(live.db.pool, last);

    const { rows } = await live.db.pool.query<{
      uuid: string;
      status: string;
      size: string | null;
    }>('SELECT uuid, status, size FROM read.images ORDER BY created_at, uuid');
    const byUuid = new Map(rows.map((row) => [row.uuid, row]));
    expect(byUuid.size).toBe(3);
    expect(byUuid.get(pulled)).toMatchObject({ status: 'Pulled', size: '2000000' });
    expect(byUuid.get(failed)).toMatchObject({ status: 'Error', size: null });
    expect(byUuid.get(committed)).toMatchObject({ status: 'Committed', size: '5000000000' });

    const result = await verifyReadModel(live.db.rebuildOptions());
    expect(result.differences.map(describeDifference)).toEqual([]);
  });
});
