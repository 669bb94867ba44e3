import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { MigrationSchemas, MigrationClass } from './migration-schemas';

/*
 * Berth's schema as it stood when migrations were introduced: the idempotent DDL every process ran
 * at start until then, kept verbatim. On a database that release made, it finds everything in
 * place and changes nothing; on an empty one, it creates that release's tables, and the
 * migrations after it bring them to what the entities (libs/drivers/src/read-model/*.row.ts)
 * declare. History, not declaration: it is never edited, a change is a new migration.
 */

/**
 * Converts action tables of the shape before Berth keyed actions by their request event (the
 * request id was the key, and a client chose it) in place, so a running Berth keeps its audit
 * through the upgrade. The log is not at hand here: converted rows get provisional ids, and rows a
 * reused request id had merged stay merged until `cli.js rebuild` projects the log again (an
 * action's id is then its request event's, and every request its own row).
 */
const keyActionsByRequestEvent = (s: string): string => `
  DO $convert$
  BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${s}'
                 AND table_name = 'container_actions' AND column_name = 'request_id')
       AND NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${s}'
                 AND table_name = 'container_actions' AND column_name = 'id') THEN
      ALTER TABLE "${s}".container_actions ADD COLUMN id uuid, ADD COLUMN global_request_id text;
      UPDATE "${s}".container_actions SET id = gen_random_uuid();
      ALTER TABLE "${s}".container_actions DROP CONSTRAINT container_actions_pkey,
        ALTER COLUMN id SET NOT NULL, ADD PRIMARY KEY (id);
      ALTER TABLE "${s}".container_action_events ADD COLUMN action_id uuid,
        ADD COLUMN revision integer NOT NULL DEFAULT 0;
      UPDATE "${s}".container_action_events e SET action_id = a.id
        FROM "${s}".container_actions a WHERE a.request_id = e.request_id;
      -- Steps of no action: an action-show never reached them.
      DELETE FROM "${s}".container_action_events WHERE action_id IS NULL;
      DROP INDEX IF EXISTS "${s}".container_action_events_request;
      ALTER TABLE "${s}".container_action_events ALTER COLUMN action_id SET NOT NULL,
        DROP COLUMN request_id;
    END IF;
  END
  $convert$;
`;

/** The read tables as the last release without migrations made them. */
const tables = (s: string): string => `
  CREATE TABLE IF NOT EXISTS "${s}".containers (
    uuid uuid PRIMARY KEY,
    name text,
    project_id text NOT NULL,
    user_id text NOT NULL,
    image text NOT NULL,
    status text NOT NULL,
    status_reason text,
    task_state text,
    host text,
    docker_id text,
    cpu double precision,
    memory integer,
    disk integer,
    auto_remove boolean NOT NULL DEFAULT false,
    deleted boolean NOT NULL DEFAULT false,
    state jsonb NOT NULL,
    position text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX IF NOT EXISTS containers_project_name ON "${s}".containers (project_id, name);
  CREATE INDEX IF NOT EXISTS containers_created ON "${s}".containers (created_at, uuid);
  ${keyActionsByRequestEvent(s)}
  CREATE TABLE IF NOT EXISTS "${s}".container_actions (
    id uuid PRIMARY KEY,
    request_id text NOT NULL,
    global_request_id text,
    container_uuid uuid NOT NULL,
    action text NOT NULL,
    user_id text NOT NULL,
    project_id text NOT NULL,
    start_time timestamptz NOT NULL,
    finish_time timestamptz,
    result text,
    message text,
    params jsonb NOT NULL
  );
  CREATE INDEX IF NOT EXISTS container_actions_container ON "${s}".container_actions (container_uuid, start_time);
  CREATE INDEX IF NOT EXISTS container_actions_project ON "${s}".container_actions (project_id, start_time);
  CREATE INDEX IF NOT EXISTS container_actions_request ON "${s}".container_actions (container_uuid, request_id);
  CREATE TABLE IF NOT EXISTS "${s}".container_action_events (
    id uuid PRIMARY KEY,
    action_id uuid NOT NULL,
    revision integer NOT NULL,
    event text NOT NULL,
    start_time timestamptz NOT NULL,
    finish_time timestamptz,
    result text,
    traceback text
  );
  CREATE INDEX IF NOT EXISTS container_action_events_action ON "${s}".container_action_events (action_id);
  CREATE TABLE IF NOT EXISTS "${s}".hosts (
    hostname text PRIMARY KEY,
    uuid uuid NOT NULL,
    cpus integer NOT NULL,
    mem_total integer NOT NULL,
    disk_total integer NOT NULL,
    info jsonb NOT NULL,
    position text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  ALTER TABLE "${s}".hosts ADD COLUMN IF NOT EXISTS claims jsonb NOT NULL DEFAULT '{}';
  ALTER TABLE "${s}".hosts ADD COLUMN IF NOT EXISTS cpu_used double precision NOT NULL DEFAULT 0;
  ALTER TABLE "${s}".hosts ADD COLUMN IF NOT EXISTS mem_used integer NOT NULL DEFAULT 0;
  ALTER TABLE "${s}".hosts ADD COLUMN IF NOT EXISTS disk_used integer NOT NULL DEFAULT 0;
  ALTER TABLE "${s}".hosts ADD COLUMN IF NOT EXISTS total_containers integer NOT NULL DEFAULT 0;
  CREATE TABLE IF NOT EXISTS "${s}".images (
    uuid uuid PRIMARY KEY,
    project_id text NOT NULL,
    user_id text NOT NULL,
    repo text NOT NULL,
    tag text NOT NULL,
    host text NOT NULL,
    image_id text,
    size bigint,
    status text NOT NULL,
    status_reason text,
    container_uuid uuid,
    position text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX IF NOT EXISTS images_project ON "${s}".images (project_id, created_at, uuid);
  CREATE TABLE IF NOT EXISTS "${s}".volumes (
    id text PRIMARY KEY,
    host text NOT NULL,
    docker_volume text NOT NULL,
    project_id text NOT NULL,
    name text NOT NULL,
    size integer,
    containers jsonb NOT NULL DEFAULT '[]',
    position text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX IF NOT EXISTS volumes_project_name ON "${s}".volumes (project_id, name);
  CREATE TABLE IF NOT EXISTS "${s}".projection_checkpoints (
    name text PRIMARY KEY,
    position text NOT NULL,
    updated_at timestamptz NOT NULL
  );
`;

/**
 * Operational tables: telemetry (heartbeats) and consumer checkpoints. They are not built from the
 * log, so they live in a schema of their own that a rebuild of the read tables never touches.
 */
const operational = (s: string): string => `
  CREATE SEQUENCE IF NOT EXISTS "${s}".services_id_seq;
  CREATE TABLE IF NOT EXISTS "${s}".services (
    host text NOT NULL,
    "binary" text NOT NULL,
    id integer NOT NULL DEFAULT nextval('"${s}".services_id_seq'),
    disabled boolean NOT NULL DEFAULT false,
    disabled_reason text,
    forced_down boolean NOT NULL DEFAULT false,
    report_count integer NOT NULL DEFAULT 0,
    availability_zone text NOT NULL DEFAULT 'nova',
    last_seen_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (host, "binary")
  );
  CREATE TABLE IF NOT EXISTS "${s}".consumer_checkpoints (
    name text PRIMARY KEY,
    position text NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE IF NOT EXISTS "${s}".stream_snapshots (
    stream text PRIMARY KEY,
    version integer NOT NULL,
    revision bigint NOT NULL,
    state jsonb NOT NULL,
    updated_at timestamptz NOT NULL
  );
`;

/**
 * The built-in Keystone's tables, prefixed `identity_` because the rest of Berth shares the
 * database. Unqualified, so in the database's default schema, where the API's queries find them.
 */
const identity = `
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

export function baseline(schemas: MigrationSchemas): MigrationClass {
  return class Baseline1764892800000 implements MigrationInterface {
    readonly name = 'Baseline1764892800000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schemas.read}"`);
      await runner.query(tables(schemas.read));
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schemas.ops}"`);
      await runner.query(operational(schemas.ops));
      await runner.query(identity);
    }

    async down(): Promise<void> {
      // Dropping every table is not an upgrade path to take back; restore a backup instead.
      await Promise.reject(new Error('the baseline migration cannot be reverted'));
    }
  };
}
