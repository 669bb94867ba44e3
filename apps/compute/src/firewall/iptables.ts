import { execFile } from 'node:child_process';

/** One iptables invocation's result; a non-zero exit is an answer (`-C`: no such rule), not a throw. */
export interface IptablesResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs `iptables <args>`; the seam unit tests replace. */
export type Iptables = (args: readonly string[]) => Promise<IptablesResult>;

/** Long enough for the xtables lock held by a Docker engine reprogramming its own rules. */
const TIMEOUT_MS = 30_000;

/**
 * The system's iptables, waiting for the xtables lock (`-w`) rather than failing when Docker or
 * another compute on the machine holds it. A missing binary rejects: nothing can be installed.
 */
export function systemIptables(binary = 'iptables'): Iptables {
  return (args) =>
    new Promise((resolve, reject) => {
      execFile(binary, ['-w', ...args], { timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${binary} could not be run: ${error.message}`));
          return;
        }
        resolve({ ok: !error, stdout, stderr });
      });
    });
}
