import type { Queryable } from '../identity-db';

/**
 * Keystone's [security_compliance] lockout in SQL, on identity_users.failed_auth_count and
 * failed_auth_at (Keystone's own column names). A login attempt is counted before the password
 * is checked, in one statement that also refuses it while the user is locked: concurrent guesses
 * therefore each take one of the N attempts, instead of all passing a check made before any of
 * them failed. A successful login gives its attempt back (the count returns to 0).
 */
export class LoginLockout {
  constructor(
    private readonly db: Queryable,
    private readonly failureAttempts: number,
    private readonly durationSeconds: number,
  ) {}

  get enabled(): boolean {
    return this.failureAttempts > 0;
  }

  /**
   * Counts an attempt for `userId`; false when the user is locked out (N failures, the last less
   * than the lockout duration ago). After the lockout has run out the count starts again at 1.
   */
  async admit(userId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ failed_auth_count: number }>(
      `UPDATE identity_users
          SET failed_auth_count = CASE WHEN failed_auth_count >= $2 THEN 1
                                       ELSE failed_auth_count + 1 END,
              failed_auth_at = now()
        WHERE id = $1
          AND NOT (failed_auth_count >= $2
                   AND failed_auth_at > now() - make_interval(secs => $3))
        RETURNING failed_auth_count`,
      [userId, this.failureAttempts, this.durationSeconds],
    );
    return rows.length > 0;
  }

  /** The attempt succeeded: the user's consecutive failures are back to none. */
  async succeeded(userId: string): Promise<void> {
    await this.db.query(
      `UPDATE identity_users SET failed_auth_count = 0, failed_auth_at = NULL
        WHERE id = $1 AND failed_auth_count <> 0`,
      [userId],
    );
  }
}
