import { Logger } from '@nestjs/common';
import { ConfigError } from './config-error';
import { validateEnvironment } from './environment';
import type { BerthProcess } from './variable';

/**
 * Runs a process' entry point once its whole environment is checked: a bad setting, or a failed
 * start, ends the process with status 1 and one line naming what is wrong (a stack only when the
 * error is not a configuration one, where it helps).
 */
export function startProcess(
  processes: readonly BerthProcess[],
  main: () => Promise<unknown>,
): void {
  Promise.resolve()
    .then(() => {
      validateEnvironment(processes);
      return main();
    })
    .catch((error: unknown) => {
      const text =
        error instanceof ConfigError
          ? error.message
          : error instanceof Error
            ? (error.stack ?? error.message)
            : String(error);
      new Logger('Berth').error(text);
      process.exit(1);
    });
}
