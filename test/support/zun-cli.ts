import { execFile } from 'node:child_process';
import type { BerthStack } from './berth-stack';

/** What one `zun` invocation left behind. Many verbs exit 0 on failure: read the output. */
export interface ZunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real python-zunclient CLI against a running stack, with a clean environment: only PATH,
 * HOME and the OS_* variables, so nothing from the developer's shell leaks in. The token's
 * catalog points at the stack's API, so no --bypass-url is needed.
 */
export function zunCli(berth: BerthStack): (...args: string[]) => Promise<ZunResult> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    OS_AUTH_URL: `${berth.url}/identity/v3`,
    OS_USERNAME: 'admin',
    OS_PASSWORD: berth.app.adminPassword,
    OS_PROJECT_NAME: 'admin',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
  };
  return (...args) =>
    new Promise((resolve) => {
      // maxBuffer: `zun logs` of a large log prints all of it.
      execFile(
        'zun',
        args,
        { env, timeout: 30_000, maxBuffer: 256 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
}

/** Polls `fn` until it returns something other than undefined. */
export async function pollUntil<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err instanceof Error ? err : new Error(String(err));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`, {
    cause: last,
  });
}

/**
 * Removes the Docker containers of every container the stack knows (the CLI creates containers
 * that BerthStack.close() does not track). Call before close(), while the API still answers;
 * the uuids are returned so the caller can remove leftovers after close() too.
 */
export async function listStackContainers(berth: BerthStack): Promise<string[]> {
  const res = await berth.request<{ containers?: Array<{ uuid: string }> }>(
    'GET',
    '/v1/containers',
  );
  return (res.body?.containers ?? []).map((c) => c.uuid);
}

export async function removeDockerContainers(berth: BerthStack, uuids: string[]): Promise<void> {
  for (const uuid of uuids) {
    await berth.docker
      .getContainer(`berth-${uuid}`)
      .remove({ force: true })
      .catch(() => undefined);
  }
}
