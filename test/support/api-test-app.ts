import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  ApiConfig,
  type IntakeSettings,
  type PrivilegedContainers,
} from '../../apps/api/src/config/api-config';
import type { ExternalKeystone } from '../../apps/api/src/auth/keystone/external-keystone.config';
import type { StreamLimits } from '../../apps/api/src/config/stream-limits';
import type { PolicyRules } from '../../apps/api/src/policy/policy-file';
import {
  DEFAULT_LIMITS,
  NO_RATE_LIMITS,
  type LimitsConfig,
} from '../../apps/api/src/config/limits-config';
import { createApiApp, type ApiAppOptions } from '../../apps/api/src/main';
import { platformConfigFromEnv, type PlatformConfig } from '@berth/platform';
import { adminQuery, databaseUrl } from '@berth/platform/testing/scratch-database';

/** A running API on a free port against its own throwaway database and state directory. */
export interface ApiTestApp {
  app: NestExpressApplication;
  url: string;
  config: ApiConfig;
  /** The configured admin password ('' when BERTH_ADMIN_PASSWORD was left unset). */
  adminPassword: string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr !== null ? addr.port : 0));
    });
  });
}

/** A throwaway database next to DATABASE_URL's. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dbName = `berth_test_api_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${dbName}`);
  return {
    url: databaseUrl(dbName),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

export interface StartOptions extends Pick<ApiAppOptions, 'imports'> {
  /** The admin password to configure; null leaves BERTH_ADMIN_PASSWORD unset. Default: random. */
  adminPassword?: string | null;
  /** Reuse a database (then the caller drops it); default: a fresh one dropped on close. */
  database?: TestDatabase;
  /** Reuse a state directory (then the caller removes it); default: a fresh temp dir. */
  stateDir?: string;
  /** BERTH_PRIVILEGED_CONTAINERS; default: nobody, as in production. */
  privilegedContainers?: PrivilegedContainers;
  /** Body limits and the request timeout; default: production's. */
  intake?: Partial<IntakeSettings>;
  /** Exec, console and watch bounds to override; default: production's. */
  streams?: Partial<StreamLimits>;
  /** Rate limits and login protection; default TEST_LIMITS. */
  limits?: LimitsConfig;
  /** Platform settings over the environment's (time limits, say); the database is the test's. */
  platform?: Partial<PlatformConfig>;
  /** Policy rules over the defaults, as BERTH_POLICY_FILE gives them; default: none. */
  policyRules?: PolicyRules;
  /** An external Keystone to validate tokens with (BERTH_KEYSTONE_*); default: the built-in one. */
  externalKeystone?: ExternalKeystone;
}

/**
 * A test suite is a flood by design and logs in with wrong passwords on purpose: no rate limits,
 * no lockout, no slow-down. Suites about those pass their own `limits`.
 */
export const TEST_LIMITS: LimitsConfig = {
  ...DEFAULT_LIMITS,
  rate: NO_RATE_LIMITS,
  login: { ...DEFAULT_LIMITS.login, lockoutFailureAttempts: 0, failureDelayMs: 0 },
};

export async function startApiTestApp(options: StartOptions = {}): Promise<ApiTestApp> {
  const database = options.database ?? (await createTestDatabase());
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'berth-api-')));
  const port = await freePort();
  const adminPassword =
    options.adminPassword === undefined
      ? `pw-${randomBytes(8).toString('hex')}`
      : options.adminPassword;
  const config = new ApiConfig({
    host: '127.0.0.1',
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    databaseUrl: database.url,
    adminPassword: adminPassword ?? undefined,
    stateDir,
    privilegedContainers: options.privilegedContainers,
    policyRules: options.policyRules,
    intake: options.intake,
    streams: options.streams,
    limits: options.limits ?? TEST_LIMITS,
    externalKeystone: options.externalKeystone,
  });
  const app = await createApiApp({
    config,
    logger: ['error', 'warn'],
    imports: options.imports,
    platform: platformConfigFromEnv({ ...options.platform, databaseUrl: database.url }),
  });
  await app.listen(port, '127.0.0.1');
  return {
    app,
    url: config.publicUrl,
    config,
    adminPassword: adminPassword ?? '',
    close: async () => {
      await app.close();
      if (options.database === undefined) await database.drop();
      if (options.stateDir === undefined) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Keystone password-auth body, as keystoneauth sends it. */
export function passwordAuth(user: string, password: string, project: string): object {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: 'Default' }, password } },
      },
      scope: { project: { name: project, domain: { name: 'Default' } } },
    },
  };
}
