import type { LogOptions } from '@berth/drivers';
import { BadRequest } from '../../errors';
import { parseBoolParam } from '../../request-context';

/** Express' parsed query string: a value may be a string, an array (repeated key) or absent. */
export type Query = Record<string, unknown>;

/** One optional string; a repeated key is a 400 rather than a silently picked value. */
export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new BadRequest(`Invalid value for query parameter ${name}: it must be given once.`);
  }
  return value;
}

export function requiredString(value: unknown, name: string): string {
  const text = optionalString(value, name);
  if (text === undefined || text === '') {
    throw new BadRequest(`Invalid input for query parameter ${name}: it is required.`);
  }
  return text;
}

/** zunclient sends Python's `str(None)` for an omitted option (kill's signal, top's ps_args). */
function isPythonNone(text: string | undefined): boolean {
  return text === undefined || text === '' || text === 'None';
}

/** `tail`: "all" or a non-negative line count (Docker reads -1 as all; we keep one spelling). */
export function parseTail(value: unknown): number | 'all' {
  const text = optionalString(value, 'tail');
  if (text === undefined || text === '' || text.toLowerCase() === 'all') return 'all';
  if (/^\d+$/.test(text)) return Number(text);
  throw new BadRequest(
    `Invalid value '${text}' for query parameter tail: expected 'all' or a number of lines.`,
  );
}

// Date and time, then an optional fraction (`,` is the separator of Zun's own strptime format),
// then an optional zone; without one the time is UTC, as docker-py reads a naive datetime.
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * `since` as Unix seconds. Docker's logs endpoint only understands a number (it answers 500 to
 * an RFC 3339 time), so every accepted spelling is converted here: seconds, RFC 3339, or Zun's
 * `YYYY-MM-DD HH:MM:SS,ffffff`.
 */
export function parseSince(value: unknown): number | undefined {
  const text = optionalString(value, 'since');
  if (text === undefined || isPythonNone(text)) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const m = DATE_TIME.exec(text);
  if (m) {
    const [, date, time, fraction, zone] = m;
    const millis = (fraction ?? '').padEnd(3, '0').slice(0, 3);
    const zoneText = zone === undefined || zone.toLowerCase() === 'z' ? 'Z' : zone;
    const ms = Date.parse(`${date}T${time}.${millis}${zoneText}`);
    if (!Number.isNaN(ms) && ms >= 0) return ms / 1000;
  }
  throw new BadRequest(
    `Invalid value '${text}' for query parameter since: expected Unix seconds or an RFC 3339 time.`,
  );
}

/** GET logs: Zun's defaults are both streams, no timestamps, every line. */
export function parseLogOptions(query: Query): LogOptions {
  const stdout = parseBoolParam(query.stdout, 'stdout', true);
  const stderr = parseBoolParam(query.stderr, 'stderr', true);
  if (!stdout && !stderr) {
    // Docker refuses this with a 400 of its own; say it in the API's words before asking.
    throw new BadRequest('Invalid logs request: at least one of stdout and stderr must be True.');
  }
  return {
    stdout,
    stderr,
    timestamps: parseBoolParam(query.timestamps, 'timestamps', false),
    tail: parseTail(query.tail),
    since: parseSince(query.since),
  };
}

/** Terminal width or height: Docker keeps them as uint16, and 0 rows is no terminal. */
export function parseDimension(value: unknown, name: 'w' | 'h'): number {
  const text = requiredString(value, name);
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new BadRequest(
      `Invalid value '${text}' for query parameter ${name}: expected an integer from 1 to 65535.`,
    );
  }
  return n;
}

/**
 * Docker exec ids are 64 hex digits and are looked up whole. Checking the shape matters beyond
 * tidiness: the id becomes a segment of the engine's URL path, so `../` must never reach it.
 */
export function parseExecId(value: unknown): string {
  const text = requiredString(value, 'exec_id');
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new BadRequest(`Invalid value '${text}' for query parameter exec_id: not an exec id.`);
  }
  return text;
}

/** `ps_args` for top; "None" (zunclient without --pid) means Docker's default `-ef`. */
export function parsePsArgs(value: unknown): string | undefined {
  const text = optionalString(value, 'ps_args');
  return isPythonNone(text) ? undefined : text;
}

/** A path inside the container for get/put_archive; a NUL byte could only be an attack. */
export function parseArchivePath(value: unknown): string {
  const text = requiredString(value, 'path');
  if (text.includes('\0')) {
    throw new BadRequest('Invalid value for query parameter path: it contains a NUL byte.');
  }
  return text;
}
