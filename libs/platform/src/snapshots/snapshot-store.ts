import type { Pool } from 'pg';

export interface Snapshot<S> {
  state: S;
  /** The revision of the last event folded into `state`. */
  revision: bigint;
}

/**
 * Folded states of long streams (a project's quota ledger, a host's claims), so a decision reads
 * only the events after the snapshot. A cache, never the truth: it lives in the operational
 * schema, a missing or outdated one only costs a longer read, and `version` retires snapshots
 * whose state shape changed.
 */
export class SnapshotStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  async load<S>(stream: string, version: number): Promise<Snapshot<S> | null> {
    const { rows } = await this.pool.query<{ revision: string; state: S }>(
      `SELECT revision, state FROM "${this.schema}".stream_snapshots
        WHERE stream = $1 AND version = $2`,
      [stream, version],
    );
    return rows[0] ? { state: rows[0].state, revision: BigInt(rows[0].revision) } : null;
  }

  /** Keeps the newest: an older snapshot never replaces a newer one. */
  async save<S>(stream: string, version: number, snapshot: Snapshot<S>): Promise<void> {
    await this.pool.query(
      `INSERT INTO "${this.schema}".stream_snapshots (stream, version, revision, state, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (stream) DO UPDATE
         SET version = EXCLUDED.version, revision = EXCLUDED.revision,
             state = EXCLUDED.state, updated_at = now()
         WHERE stream_snapshots.version <> EXCLUDED.version
            OR stream_snapshots.revision < EXCLUDED.revision`,
      [stream, version, snapshot.revision.toString(), JSON.stringify(snapshot.state)],
    );
  }
}
