import type { EventStore } from '@berth/drivers';
import type { Pool } from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { Projection } from '../runner/projection';

/** What a rebuild or a verification needs; the live read schema is never written to. */
export interface RebuildOptions {
  pool: Pool;
  store: EventStore;
  /** Connection settings for the scratch schema's TypeORM data source (schema and entities are set here). */
  dataSource: Omit<PostgresDataSourceOptions, 'schema' | 'entities' | 'synchronize'>;
  /** The live read schema, e.g. `berth_read`. */
  readSchema: string;
  /** Events per page and per transaction. Default 20,000. */
  pageSize?: number;
  /** Default: the read model's own three projections. */
  projections?: readonly Projection[];
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

export const DEFAULT_PAGE_SIZE = 20_000;
