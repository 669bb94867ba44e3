import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** POSIX single-quoting, so a generated or chosen password survives `source openrc`. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes `<stateDir>/openrc` for the admin (mode 600: it holds a password) and returns its path.
 * `source .berth/openrc && zun list` is then all a user needs.
 */
export async function writeOpenrc(
  stateDir: string,
  vars: { authUrl: string; username: string; password: string; projectName: string },
): Promise<string> {
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, 'openrc');
  const lines = [
    '# Berth admin credentials, written by the API on start. Use: source this file, then `zun list`.',
    `export OS_AUTH_URL=${shellQuote(vars.authUrl)}`,
    `export OS_USERNAME=${shellQuote(vars.username)}`,
    `export OS_PASSWORD=${shellQuote(vars.password)}`,
    `export OS_PROJECT_NAME=${shellQuote(vars.projectName)}`,
    'export OS_USER_DOMAIN_NAME=Default',
    'export OS_PROJECT_DOMAIN_NAME=Default',
    'export OS_IDENTITY_API_VERSION=3',
    '',
  ];
  await writeFile(path, lines.join('\n'), { mode: 0o600 });
  // writeFile's mode applies only when it creates the file; an older, looser file is tightened.
  await chmod(path, 0o600);
  return path;
}
