/**
 * Bounds on what one stream the API serves may cost: exec's deadline and output, the console's
 * message size and buffering, and how many watches may stay open. Logs and archives need none:
 * they are streamed with backpressure, so their size never reaches the API's memory.
 */
export interface StreamLimits {
  /** `execute?run=true` is killed past this many seconds (BERTH_EXEC_TIMEOUT_SECONDS). */
  execTimeoutSeconds: number;
  /** Only the last this many bytes of an exec's output are answered (BERTH_EXEC_MAX_OUTPUT_BYTES). */
  execMaxOutputBytes: number;
  /** A console websocket message above this closes the socket with 1009 (BERTH_CONSOLE_MAX_MESSAGE_BYTES). */
  consoleMaxMessageBytes: number;
  /** Bytes queued for a console client before the container's output is paused (BERTH_CONSOLE_BUFFER_BYTES). */
  consoleBufferBytes: number;
  /** A console client that reads nothing for this long while output waits is dropped (BERTH_CONSOLE_STALL_SECONDS). */
  consoleStallSeconds: number;
  /** Open watch streams per project (BERTH_MAX_WATCHES_PER_PROJECT). */
  watchesPerProject: number;
  /** Open watch streams per user (BERTH_MAX_WATCHES_PER_USER). */
  watchesPerUser: number;
}

export const DEFAULT_STREAM_LIMITS: Readonly<StreamLimits> = Object.freeze({
  execTimeoutSeconds: 60,
  execMaxOutputBytes: 1024 * 1024,
  consoleMaxMessageBytes: 64 * 1024,
  consoleBufferBytes: 1024 * 1024,
  consoleStallSeconds: 30,
  watchesPerProject: 100,
  watchesPerUser: 20,
});

const VARIABLES: Readonly<Record<keyof StreamLimits, string>> = {
  execTimeoutSeconds: 'BERTH_EXEC_TIMEOUT_SECONDS',
  execMaxOutputBytes: 'BERTH_EXEC_MAX_OUTPUT_BYTES',
  consoleMaxMessageBytes: 'BERTH_CONSOLE_MAX_MESSAGE_BYTES',
  consoleBufferBytes: 'BERTH_CONSOLE_BUFFER_BYTES',
  consoleStallSeconds: 'BERTH_CONSOLE_STALL_SECONDS',
  watchesPerProject: 'BERTH_MAX_WATCHES_PER_PROJECT',
  watchesPerUser: 'BERTH_MAX_WATCHES_PER_USER',
};

/**
 * Reads the limits from the environment; each is a positive integer. `invalid` builds the error
 * to throw (the config's own ConfigError), so this file needs nothing from api-config.
 */
export function streamLimitsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  invalid: (message: string) => Error,
): StreamLimits {
  const limits: StreamLimits = { ...DEFAULT_STREAM_LIMITS };
  for (const key of Object.keys(VARIABLES) as Array<keyof StreamLimits>) {
    const name = VARIABLES[key];
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
      throw invalid(`${name} must be a positive integer, got '${text}'`);
    }
    limits[key] = Number(text);
  }
  return limits;
}
