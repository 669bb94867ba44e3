import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogLevel, ModuleMetadata } from '@nestjs/common';
import { ApiConfig } from '../../apps/api/src/config/api-config';
import { DEFAULT_LIMITS, NO_RATE_LIMITS } from '../../apps/api/src/config/limits-config';
import { createApiApp } from '../../apps/api/src/main';
import { adminQuery } from '@berth/platform/testing/scratch-database';

/**
 * What every bench needs to run Berth in its own process: a fresh database, the API (with whatever
 * else the bench imports: projector, computes) listening on a free loopback port, and an admin
 * token. `close()` stops it all and drops the database.
 */
export type BenchApp = Awaited<ReturnType<typeof createApiApp>>;

export interface BenchStack {
  app: BenchApp;
  url: string;
  /** A token scoped to the admin project. */
  token: string;
  adminPassword: string;
  dbName: string;
  databaseUrl: string;
  close(): Promise<void>;
}

export interface BenchStackOptions {
  imports?: ModuleMetadata['imports'];
  logger?: LogLevel[];
  /** Database name prefix; a random suffix follows. */
  prefix?: string;
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

/** A Keystone v3 password token for `user` scoped to `project` (both in the Default domain). */
export async function passwordToken(
  url: string,
  user: string,
  password: string,
  project: string,
): Promise<string> {
  const auth = await fetch(`${url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { name: 'Default' }, password } },
        },
        scope: { project: { name: project, domain: { name: 'Default' } } },
      },
    }),
  });
  const token = auth.headers.get('x-subject-token');
  if (!token) throw new Error(`no token for ${user}: ${auth.status} ${await auth.text()}`);
  return token;
}

/** Creates a database, starts Berth on it and signs in as admin. */
export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is not set (source .berth/env)');
  const dbName = `${options.prefix ?? 'berth_bench'}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${dbName}`, baseUrl);
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${dbName}`;
  const stateDir = await mkdtemp(join(tmpdir(), 'berth-bench-'));
  let app: BenchApp | undefined;
  const close = async (): Promise<void> => {
    if (app) await app.close().catch((e: unknown) => console.error('close failed', e));
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`, baseUrl);
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const adminPassword = `pw-${randomBytes(8).toString('hex')}`;
    const config = new ApiConfig({
      host: '127.0.0.1',
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      databaseUrl: dbUrl.toString(),
      adminPassword,
      stateDir,
      // A bench is a flood by design (the scale bench: ~500 creates/s from one address).
      limits: { ...DEFAULT_LIMITS, rate: NO_RATE_LIMITS },
    });
    app = await createApiApp({
      config,
      logger: options.logger ?? ['error', 'warn'],
      imports: options.imports ?? [],
    });
    await app.listen(port, '127.0.0.1');
    const token = await passwordToken(config.publicUrl, 'admin', adminPassword, 'admin');
    return {
      app,
      url: config.publicUrl,
      token,
      adminPassword,
      dbName,
      databaseUrl: dbUrl.toString(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
