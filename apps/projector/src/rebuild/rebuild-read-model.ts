import { formatPosition, type Position } from '@berth/drivers';
import type { PoolClient } from 'pg';
import { PROJECTED_CHANNEL } from '../runner/checkpoint';
import type { RebuildOptions } from './rebuild-options';
import { ScratchReadModel } from './scratch-read-model';
import { scratchSchemaName } from './scratch-schemas';
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
    // The live tables get this name in the swap; owned from now on, like the scratch schema.
    const retired = scratchSchemaName(options.readSchema, 'old');
    await scratch.claim(retired);
    const hadLive = await withProjectionLock(options.pool, options.readSchema, async (client) => {
      await scratch.catchUp();
      await scratch.close();
      const live = await swapSchemas(client, options.readSchema, scratch.schema, {
        retired,
        position: scratch.position,
      });
      swapped = true;
      return live;
    });
    log(`swapped in at ${formatPosition(scratch.position)}`);
    // After the lock is released: dropping waits for readers still inside the old tables, and the
    // live runner must not wait with them.
    if (hadLive) await scratch.dropSchema(retired);
  } catch (error) {
    // Whatever is left behind (the connection is gone, or the retired tables were busy) is
    // dropped by the next rebuild, verification or projector start.
    if (swapped) await scratch.release();
    else await scratch.drop().catch((e: Error) => log(`left ${scratch.schema}: ${e.message}`));
    throw error;
  }
  await scratch.release();
  return {
    builtIn: scratch.schema,
    events: scratch.events,
    position: scratch.position,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Both renames in one transaction, so there is no instant without a read schema. Answers whether
 * there were live tables, now under the `retired` name.
 */
async function swapSchemas(
  client: PoolClient,
  readSchema: string,
  scratchSchema: string,
  { retired, position }: { retired: string; position: Position },
): Promise<boolean> {
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
  return Boolean(live.rowCount);
}
