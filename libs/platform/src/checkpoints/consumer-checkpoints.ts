import type { Pool } from 'pg';
import { formatPosition, parsePosition, START, type Position } from '@berth/drivers';

/**
 * Where a consumer that writes no read rows (a compute) stands in the log. Projections keep their
 * checkpoint with their rows instead; see the projector.
 */
export class ConsumerCheckpoints {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  async load(name: string): Promise<Position> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM "${this.schema}".consumer_checkpoints WHERE name = $1`,
      [name],
    );
    return rows[0] ? parsePosition(rows[0].position) : START;
  }

  async save(name: string, position: Position): Promise<void> {
    await this.pool.query(
      `INSERT INTO "${this.schema}".consumer_checkpoints (name, position, updated_at)
       VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [name, formatPosition(position)],
    );
  }
}
