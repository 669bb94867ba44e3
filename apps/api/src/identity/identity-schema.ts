import type { Queryable } from './identity-db';

/*
 * Identity's tables. Prefixed `identity_` because the rest of Berth shares the database. Created
 * at start under an advisory lock so several API replicas booting together do not race the DDL.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS identity_projects (
  id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
  name text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS identity_users (
  id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
  name text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  default_project_id text REFERENCES identity_projects(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Keystone's lockout columns (local_user.failed_auth_count, failed_auth_at): see login-lockout.ts.
ALTER TABLE identity_users ADD COLUMN IF NOT EXISTS failed_auth_count integer NOT NULL DEFAULT 0;
ALTER TABLE identity_users ADD COLUMN IF NOT EXISTS failed_auth_at timestamptz;
CREATE TABLE IF NOT EXISTS identity_role_assignments (
  user_id text NOT NULL REFERENCES identity_users(id) ON DELETE CASCADE,
  project_id text NOT NULL REFERENCES identity_projects(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'member', 'reader')),
  PRIMARY KEY (user_id, project_id, role)
);
-- Keystone's user.enabled: a disabled user cannot log in and its tokens are revoked.
ALTER TABLE identity_users ADD COLUMN IF NOT EXISTS enabled boolean NOT NULL DEFAULT true;
-- Token revocation events (see revocation/revocation-index.ts): epoch ms, pruned after a day.
CREATE TABLE IF NOT EXISTS identity_revocations (
  id bigserial PRIMARY KEY,
  audit_id text,
  user_id text,
  project_id text,
  issued_before bigint NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS identity_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;

/** Serialises identity bootstrap across processes; released when the transaction ends. */
export async function lockIdentity(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('berth:identity:bootstrap'))`);
}

export async function createIdentitySchema(db: Queryable): Promise<void> {
  await db.query(DDL);
}
