import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { ApiConfig } from '../../config/api-config';
import { AuthenticationRequired, ServiceUnavailable } from '../../errors/api-errors';
import { IDENTITY_POOL } from '../identity-db';
import { IdentityRepository } from '../identity.repository';
import type { UserRow } from '../identity.types';
import { verifyPassword } from '../password-hasher';
import { decoyHash } from './decoy-hash';
import { FailureDelays } from './failure-delays';
import { HashingGate, HashingGateFull } from './hashing-gate';
import { LoginLockout } from './login-lockout';

/** Who a password login names: Keystone accepts a user id or a name (in the Default domain). */
export interface LoginRef {
  id?: string;
  name?: string;
}

/**
 * The password check of a Keystone login, hardened:
 *
 * - lockout (Keystone's lockout_failure_attempts / lockout_duration): after N consecutive
 *   failures a user is refused, with the right password too, until the duration has passed;
 * - slow-down: each failure's answer waits a little longer than the last (a timer: the event loop
 *   goes on serving others meanwhile);
 * - one cost for every failure: an unknown name and a locked user are checked against a decoy
 *   hash, so a wrong password, a locked account and a user that does not exist take the same time
 *   and get the same bare 401 (Keystone never says why);
 * - bounded hashing: at most a few hashes at once, a bounded queue, 503 past it.
 */
@Injectable()
export class PasswordCheck {
  private readonly lockout: LoginLockout;
  private readonly delays: FailureDelays;
  private readonly gate: HashingGate;

  constructor(
    private readonly repo: IdentityRepository,
    @Inject(IDENTITY_POOL) pool: Pool,
    config: ApiConfig,
  ) {
    const login = config.limits.login;
    this.lockout = new LoginLockout(
      pool,
      login.lockoutFailureAttempts,
      login.lockoutDurationSeconds,
    );
    // Forgotten no sooner than a lockout would have ended: a slow guesser stays slowed as long.
    const forgetAfterMs = Math.max(login.lockoutDurationSeconds * 1000, 15 * 60_000);
    this.delays = new FailureDelays(login.failureDelayMs, login.failureDelayMaxMs, forgetAfterMs);
    this.gate = new HashingGate(login.hashConcurrency, login.hashQueue);
  }

  /** The user `ref` names when `password` is theirs and they are not locked out; else a 401. */
  async check(ref: LoginRef, password: string): Promise<UserRow> {
    const login = ref.id !== undefined ? `id:${ref.id}` : `name:${ref.name ?? ''}`;
    const user = await this.repo.findUser(
      ref.id !== undefined ? { id: ref.id } : { name: ref.name },
    );
    const admitted =
      user !== null && (!this.lockout.enabled || (await this.lockout.admit(user.id)));
    const hash = admitted ? user.password_hash : await decoyHash();
    const matches = await this.hashed(() => verifyPassword(password, hash));
    if (admitted && matches) {
      if (this.lockout.enabled) await this.lockout.succeeded(user.id);
      this.delays.succeeded(login);
      return user;
    }
    await sleep(this.delays.failed(login));
    throw new AuthenticationRequired('The request you have made requires authentication.');
  }

  private async hashed(check: () => Promise<boolean>): Promise<boolean> {
    try {
      return await this.gate.run(check);
    } catch (error) {
      if (error instanceof HashingGateFull) {
        throw new ServiceUnavailable(
          'Too many logins are waiting to be checked. Try again shortly.',
        );
      }
      throw error;
    }
  }
}
