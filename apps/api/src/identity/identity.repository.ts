import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Conflict } from '../errors/api-errors';
import type { RoleName } from '../request-context/request-context';
import { IDENTITY_POOL, type Queryable } from './identity-db';
import type { AssignmentRow, ProjectRow, UserRow } from './identity.types';

const UNIQUE_VIOLATION = '23505';
const USER_COLUMNS = 'id, name, password_hash, default_project_id, enabled';

/** Keystone-style ids: 32 hex characters. */
export function newIdentityId(): string {
  return randomBytes(16).toString('hex');
}

/** Plain SQL over identity's tables. Every method takes an optional transaction client. */
@Injectable()
export class IdentityRepository {
  constructor(@Inject(IDENTITY_POOL) private readonly pool: Pool) {}

  async findUser(
    ref: { id?: string; name?: string },
    db: Queryable = this.pool,
  ): Promise<UserRow | null> {
    const [column, value] = ref.id !== undefined ? ['id', ref.id] : ['name', ref.name];
    const { rows } = await db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM identity_users WHERE ${column} = $1`,
      [value],
    );
    return rows[0] ?? null;
  }

  async findProject(
    ref: { id?: string; name?: string },
    db: Queryable = this.pool,
  ): Promise<ProjectRow | null> {
    const [column, value] = ref.id !== undefined ? ['id', ref.id] : ['name', ref.name];
    const { rows } = await db.query<ProjectRow>(
      `SELECT id, name, description FROM identity_projects WHERE ${column} = $1`,
      [value],
    );
    return rows[0] ?? null;
  }

  async rolesOf(userId: string, projectId: string, db: Queryable = this.pool): Promise<RoleName[]> {
    const { rows } = await db.query<{ role: RoleName }>(
      `SELECT role FROM identity_role_assignments WHERE user_id = $1 AND project_id = $2 ORDER BY role`,
      [userId, projectId],
    );
    return rows.map((r) => r.role);
  }

  async createProject(
    name: string,
    description: string,
    db: Queryable = this.pool,
  ): Promise<ProjectRow> {
    const row: ProjectRow = { id: newIdentityId(), name, description };
    await uniquely(`Project ${name} already exists.`, () =>
      db.query(`INSERT INTO identity_projects (id, name, description) VALUES ($1, $2, $3)`, [
        row.id,
        name,
        description,
      ]),
    );
    return row;
  }

  async createUser(
    fields: { name: string; passwordHash: string; defaultProjectId: string | null },
    db: Queryable = this.pool,
  ): Promise<UserRow> {
    const row: UserRow = {
      id: newIdentityId(),
      name: fields.name,
      password_hash: fields.passwordHash,
      default_project_id: fields.defaultProjectId,
      enabled: true,
    };
    await uniquely(`User ${fields.name} already exists.`, () =>
      db.query(
        `INSERT INTO identity_users (id, name, password_hash, default_project_id) VALUES ($1, $2, $3, $4)`,
        [row.id, row.name, row.password_hash, row.default_project_id],
      ),
    );
    return row;
  }

  async setPasswordHash(userId: string, hash: string, db: Queryable = this.pool): Promise<void> {
    await db.query(`UPDATE identity_users SET password_hash = $2 WHERE id = $1`, [userId, hash]);
  }

  async setEnabled(userId: string, enabled: boolean, db: Queryable = this.pool): Promise<void> {
    await db.query(`UPDATE identity_users SET enabled = $2 WHERE id = $1`, [userId, enabled]);
  }

  /** Deletes the user; its role assignments go with it (ON DELETE CASCADE). */
  async deleteUser(userId: string, db: Queryable = this.pool): Promise<void> {
    await db.query(`DELETE FROM identity_users WHERE id = $1`, [userId]);
  }

  /** Deletes the project and its assignments; users whose default it was keep none. */
  async deleteProject(projectId: string, db: Queryable = this.pool): Promise<void> {
    await db.query(
      `UPDATE identity_users SET default_project_id = NULL WHERE default_project_id = $1`,
      [projectId],
    );
    await db.query(`DELETE FROM identity_projects WHERE id = $1`, [projectId]);
  }

  /** Whether an assignment was there to remove. */
  async unassignRole(
    userId: string,
    projectId: string,
    role: RoleName,
    db: Queryable = this.pool,
  ): Promise<boolean> {
    const { rows } = await db.query<{ role: string }>(
      `DELETE FROM identity_role_assignments WHERE user_id = $1 AND project_id = $2 AND role = $3
       RETURNING role`,
      [userId, projectId, role],
    );
    return rows.length > 0;
  }

  /** Projects by name order; one name when `name` is given (Keystone's `?name=` filter). */
  async listProjects(name?: string): Promise<ProjectRow[]> {
    const { rows } = await this.pool.query<ProjectRow>(
      `SELECT id, name, description FROM identity_projects
       WHERE $1::text IS NULL OR name = $1 ORDER BY name`,
      [name ?? null],
    );
    return rows;
  }

  async listUsers(name?: string): Promise<UserRow[]> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM identity_users WHERE $1::text IS NULL OR name = $1 ORDER BY name`,
      [name ?? null],
    );
    return rows;
  }

  /** Role assignments with names, filtered as Keystone's GET /role_assignments. */
  async listAssignments(filter: {
    userId?: string;
    projectId?: string;
    role?: RoleName;
  }): Promise<AssignmentRow[]> {
    const { rows } = await this.pool.query<AssignmentRow>(
      `SELECT a.user_id, u.name AS user_name, a.project_id, p.name AS project_name, a.role
       FROM identity_role_assignments a
       JOIN identity_users u ON u.id = a.user_id
       JOIN identity_projects p ON p.id = a.project_id
       WHERE ($1::text IS NULL OR a.user_id = $1) AND ($2::text IS NULL OR a.project_id = $2)
         AND ($3::text IS NULL OR a.role = $3)
       ORDER BY u.name, p.name, a.role`,
      [filter.userId ?? null, filter.projectId ?? null, filter.role ?? null],
    );
    return rows;
  }

  /** Idempotent, like Keystone's PUT: assigning an existing role is not an error. */
  async assignRole(
    userId: string,
    projectId: string,
    role: RoleName,
    db: Queryable = this.pool,
  ): Promise<void> {
    await db.query(
      `INSERT INTO identity_role_assignments (user_id, project_id, role) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [userId, projectId, role],
    );
  }

  /** The named secret, created with `create()` by whichever replica gets there first. */
  async secret(name: string, create: () => Buffer, db: Queryable = this.pool): Promise<Buffer> {
    await db.query(
      `INSERT INTO identity_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [name, create()],
    );
    const { rows } = await db.query<{ value: Buffer }>(
      `SELECT value FROM identity_secrets WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`identity secret ${name} vanished`);
    return row.value;
  }
}

async function uniquely(message: string, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw new Conflict(message);
    throw error;
  }
}
