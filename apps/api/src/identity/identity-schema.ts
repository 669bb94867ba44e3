import type { Queryable } from './identity-db';

/*
 * Identity's tables (prefixed `identity_`) are made by the migrations every process runs at start
 * (libs/drivers/src/migrations); the bootstrap only seeds them, one API replica at a time.
 */

/** Serialises identity bootstrap across processes; released when the transaction ends. */
export async function lockIdentity(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('berth:identity:bootstrap'))`);
}
