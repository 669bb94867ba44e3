import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { ResourceNotFound } from '../errors/api-errors';
import type { RoleName } from '../request-context/request-context';
import { IDENTITY_POOL } from './identity-db';
import { IdentityRepository } from './identity.repository';
import { RevocationFeed } from './revocation/revocation-feed.service';
import type { RevocationEvent } from './revocation/revocation-index';

/**
 * The identity changes that take tokens away, each one transaction that changes the rows and
 * records the revocation event, then applies the event in this replica once committed: a token the
 * change invalidates is refused from the very next request (see RevocationFeed for the others).
 */
@Injectable()
export class IdentityChanges {
  constructor(
    @Inject(IDENTITY_POOL) private readonly pool: Pool,
    private readonly repo: IdentityRepository,
    private readonly feed: RevocationFeed,
  ) {}

  /** DELETE /auth/tokens: that one token (matched by its audit id). */
  async revokeToken(auditId: string, issuedAt: number): Promise<void> {
    await this.revoking({ audit_id: auditId, issued_before: issuedAt }, () => Promise.resolve());
  }

  /** Disabling revokes the user's tokens; enabling revokes nothing (old tokens stay revoked). */
  async setEnabled(userId: string, enabled: boolean): Promise<void> {
    if (enabled) {
      await this.repo.setEnabled(userId, true);
      return;
    }
    await this.revoking({ user_id: userId, issued_before: Date.now() }, (db) =>
      this.repo.setEnabled(userId, false, db),
    );
  }

  /** A new password revokes the user's tokens, as Keystone does. */
  async setPassword(userId: string, hash: string): Promise<void> {
    await this.revoking({ user_id: userId, issued_before: Date.now() }, (db) =>
      this.repo.setPasswordHash(userId, hash, db),
    );
  }

  async deleteUser(userId: string): Promise<void> {
    await this.revoking({ user_id: userId, issued_before: Date.now() }, (db) =>
      this.repo.deleteUser(userId, db),
    );
  }

  async deleteProject(projectId: string): Promise<void> {
    await this.revoking({ project_id: projectId, issued_before: Date.now() }, (db) =>
      this.repo.deleteProject(projectId, db),
    );
  }

  /** Removing any role revokes the user's tokens on that project; re-login gets the rest. */
  async unassignRole(userId: string, projectId: string, role: RoleName): Promise<void> {
    await this.revoking(
      { user_id: userId, project_id: projectId, issued_before: Date.now() },
      async (db) => {
        if (!(await this.repo.unassignRole(userId, projectId, role, db))) {
          throw new ResourceNotFound('Could not find role assignment.');
        }
      },
    );
  }

  private async revoking(
    event: RevocationEvent,
    change: (db: PoolClient) => Promise<void>,
  ): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await change(client);
      await this.feed.record(event, client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    this.feed.apply(event);
  }
}
