import {
  readSetting,
  type BerthVariable,
  type Environment,
} from '@berth/platform/config/platform.config';

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

const VARIABLES = {
  execTimeoutSeconds: 'BERTH_EXEC_TIMEOUT_SECONDS',
  execMaxOutputBytes: 'BERTH_EXEC_MAX_OUTPUT_BYTES',
  consoleMaxMessageBytes: 'BERTH_CONSOLE_MAX_MESSAGE_BYTES',
  consoleBufferBytes: 'BERTH_CONSOLE_BUFFER_BYTES',
  consoleStallSeconds: 'BERTH_CONSOLE_STALL_SECONDS',
  watchesPerProject: 'BERTH_MAX_WATCHES_PER_PROJECT',
  watchesPerUser: 'BERTH_MAX_WATCHES_PER_USER',
} as const satisfies Record<keyof StreamLimits, BerthVariable>;

/** Reads the limits from the environment; each is a positive integer (see BERTH_VARIABLES). */
export function streamLimitsFromEnv(env: Environment): StreamLimits {
  const limits = {} as StreamLimits;
  for (const key of Object.keys(VARIABLES) as Array<keyof StreamLimits>) {
    limits[key] = readSetting(VARIABLES[key], env);
  }
  return limits;
}

export const DEFAULT_STREAM_LIMITS: Readonly<StreamLimits> = Object.freeze(streamLimitsFromEnv({}));
