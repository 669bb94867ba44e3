import type { MigrationInterface } from 'typeorm';

/**
 * The schemas Berth's migrations work on; their names come from configuration (BERTH_READ_SCHEMA,
 * BERTH_OPS_SCHEMA), so each migration class is made for them rather than written against fixed
 * names.
 */
export interface MigrationSchemas {
  read: string;
  ops: string;
}

/** What TypeORM's `migrations` option takes: a class it instantiates without arguments. */
export type MigrationClass = new () => MigrationInterface;
