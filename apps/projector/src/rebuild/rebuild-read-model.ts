import { formatPosition, type Position } from '@berth/drivers';
import type { PoolClient } from 'pg';
import { PROJECTED_CHANNEL } from '../runner/checkpoint';
import type { RebuildOptions } from './rebuild-options';
import { ScratchReadModel } from './scratch-read-model';
import { withProjectionLock } from './with-projection-lock';

export interface RebuildResult {
  /** The scratch schema now serving as the read schema. */
  builtIn: string;
  events: number;
  position: Position;
  seconds: number;
}

/**
 * Rebuilds the read tables from position 0 into a scratch schema, then swaps it in without
 * downtime: readers query by schema name and see the old tables until the rename commits. The
 * final catch-up and the swap happen under the projection lock, so the live runner is not writing
 * and resumes from the checkpoint the rebuild wrote, with nothing missed in between.
 */
export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  const log = options.log ?? ((): void => undefined);
  const scratch = await ScratchReadModel.create(options);
  let swapped = false;
  try {
    log(`rebuilding into ${scratch.schema}`);
    await scratch.catchUp();
    await scratch.indexForReaders();
    log(`${scratch.events} events projected and indexed, catching up under the projection lock`);
    const retired = await withProjectionLock(options.pool, options.readSchema, async (client) => {
      await scratch.catchUp();
      await scratch.close();
      const old = await swapSchemas(client, options.readSchema, scratch.schema, scratch.position);
      swapped = true;
      return old;
    });
    log(`swapped in at ${formatPosition(scratch.position)}`);
    // After the lock is released: dropping waits for readers still inside the old tables, and the
    // live runner must not wait with them.
    if (retired) await options.pool.query(`DROP SCHEMA "${retired}" CASCADE`);
  } finally {
    if (!swapped) await scratch.drop();
  }
  return {
    builtIn: scratch.schema,
    events: scratch.events,
    position: scratch.position,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Both renames in one transaction, so there is no instant without a read schema. */
async function swapSchemas(
  client: PoolClient,
  readSchema: string,
  scratchSchema: string,
  position: Position,
): Promise<string | null> {
  const retired = `${readSchema}_old_${Date.now()}`;
  const live = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [readSchema]);
  await client.query('BEGIN');
  try {
    if (live.rowCount) await client.query(`ALTER SCHEMA "${readSchema}" RENAME TO "${retired}"`);
    await client.query(`ALTER SCHEMA "${scratchSchema}" RENAME TO "${readSchema}"`);
    // Read-your-writes waiters may be waiting on positions the rebuild caught up past.
    await client.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, formatPosition(position)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return live.rowCount ? retired : null;
}
