import { Client } from 'pg';

/** The server tests and benches make their throwaway databases on (DATABASE_URL's). */
export const SCRATCH_SERVER_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/berth';

/**
 * One statement on a connection of its own (CREATE and DROP DATABASE cannot run in a pool's
 * transaction or on the database they drop). For tests and benches; not part of the platform's
 * barrel. Import it as `@berth/platform/testing/scratch-database`.
 */
export async function adminQuery(sql: string, serverUrl = SCRATCH_SERVER_URL): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The connection string of database `name` on the same server. */
export function databaseUrl(name: string, serverUrl = SCRATCH_SERVER_URL): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
