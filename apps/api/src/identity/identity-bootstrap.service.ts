import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { ApiConfig } from '../config/api-config';
import { IDENTITY_POOL } from './identity-db';
import { lockIdentity } from './identity-schema';
import { IdentityRepository } from './identity.repository';
import { RevocationFeed } from './revocation/revocation-feed.service';
import { writeOpenrc } from './openrc';
import { hashPassword, verifyPassword } from './password-hasher';
import { TokenService } from './token.service';

export const ADMIN_NAME = 'admin';

/** What the start log should say about the admin's credentials. */
export interface AdminCredentialsStatus {
  /** The openrc path, when one exists (written now or on an earlier start). */
  openrcPath: string | null;
  /** Set only when this start generated the password (print it once, loudly). */
  generatedPassword: string | null;
}

/**
 * On start: creates identity's tables, loads the shared token key, and makes sure project `admin`
 * and user `admin` (role admin there) exist – all in one transaction under an advisory lock, so
 * replicas starting together agree on one key and one admin.
 */
@Injectable()
export class IdentityBootstrapService implements OnModuleInit {
  private readonly logger = new Logger('Identity');
  status: AdminCredentialsStatus = { openrcPath: null, generatedPassword: null };

  constructor(
    @Inject(IDENTITY_POOL) private readonly pool: Pool,
    private readonly repo: IdentityRepository,
    private readonly tokens: TokenService,
    private readonly config: ApiConfig,
    private readonly revocations: RevocationFeed,
  ) {}

  async onModuleInit(): Promise<void> {
    const client = await this.pool.connect();
    let password: string | null;
    try {
      await client.query('BEGIN');
      await lockIdentity(client);
      this.tokens.useKey(await this.repo.secret('token-hmac', () => randomBytes(32), client));
      password = await this.seedAdmin(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    // Before the first request is served: a token revoked earlier must not pass on this replica.
    await this.revocations.start();
    await this.reportCredentials(password);
  }

  /** Returns the admin's password when this start knows it (set by env or just generated). */
  private async seedAdmin(db: PoolClient): Promise<string | null> {
    const project =
      (await this.repo.findProject({ name: ADMIN_NAME }, db)) ??
      (await this.repo.createProject(ADMIN_NAME, 'Bootstrap project for the cloud admin', db));
    const wanted = this.config.adminPassword;
    let user = await this.repo.findUser({ name: ADMIN_NAME }, db);
    let generated: string | null = null;
    if (user === null) {
      generated = wanted === undefined ? randomBytes(18).toString('base64url') : null;
      const passwordHash = await hashPassword(wanted ?? generated ?? '');
      user = await this.repo.createUser(
        { name: ADMIN_NAME, passwordHash, defaultProjectId: project.id },
        db,
      );
    } else if (wanted !== undefined && !(await verifyPassword(wanted, user.password_hash))) {
      await this.repo.setPasswordHash(user.id, await hashPassword(wanted), db);
      this.logger.log('admin password updated from BERTH_ADMIN_PASSWORD');
    }
    await this.repo.assignRole(user.id, project.id, 'admin', db);
    this.status = { ...this.status, generatedPassword: generated };
    return wanted ?? generated;
  }

  private async reportCredentials(password: string | null): Promise<void> {
    const path = join(this.config.stateDir, 'openrc');
    if (password !== null) {
      await writeOpenrc(this.config.stateDir, {
        authUrl: this.config.identityUrl,
        username: ADMIN_NAME,
        password,
        projectName: ADMIN_NAME,
      });
    }
    this.status = { ...this.status, openrcPath: existsSync(path) ? path : null };
    if (this.status.generatedPassword !== null) {
      this.logger.warn(
        `Generated password for user "admin": ${this.status.generatedPassword} (saved in ${path}; set BERTH_ADMIN_PASSWORD to choose your own)`,
      );
    } else if (this.status.openrcPath === null) {
      this.logger.warn(
        'admin user exists but no openrc was found; set BERTH_ADMIN_PASSWORD to reset its password',
      );
    }
  }
}
