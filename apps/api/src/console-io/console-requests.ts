import { BadRequest } from '../errors/api-errors';
import { execCommandOf } from '../containers/io/io-params';
import { Refusal } from '../input';

/** What a client may open on /console: a container's own stdio, an exec, or its log. */
export type ConsoleKind = 'attach' | 'exec' | 'logs';

/** A terminal's size, in Docker's bounds (uint16; 0 rows is no terminal). */
export interface TerminalSize {
  rows: number;
  cols: number;
}

/** An `open` event, checked and with its defaults applied. */
export type OpenRequest =
  | { kind: 'attach'; container: string; size?: TerminalSize }
  | { kind: 'exec'; container: string; command: string[]; tty: boolean; size?: TerminalSize }
  | { kind: 'logs'; container: string; tail: number | 'all'; follow: boolean };

const DIMENSION_MAX = 65_535;
/** Docker keeps `tail` as an int. */
const TAIL_MAX = 2_147_483_647;
/** A container uuid or name (Zun's names are shorter still). */
const CONTAINER_MAX = 255;
/** An exec command as one line, as `zun exec` takes it; far more than any shell needs. */
const COMMAND_MAX = 4_096;

const FIELDS: Readonly<Record<ConsoleKind, ReadonlySet<string>>> = {
  // `tty` is accepted for every kind (a client may send one shape), but only an exec uses it:
  // an attach has the container's own terminal, a log has none.
  attach: new Set(['kind', 'container', 'tty', 'rows', 'cols']),
  exec: new Set(['kind', 'container', 'command', 'tty', 'rows', 'cols']),
  logs: new Set(['kind', 'container', 'tty', 'rows', 'cols', 'tail', 'follow']),
};

/**
 * Checks an `open` payload as strictly as a query string: a plain object, a known kind, the
 * fields of that kind and no other, each of its type and within its bounds. Anything else is a
 * 400 in Zun's format, before anything is looked up.
 */
export function openRequestOf(payload: unknown): OpenRequest {
  const body = plainObject(payload, 'open');
  const kind = body.kind;
  if (kind !== 'attach' && kind !== 'exec' && kind !== 'logs') {
    throw new BadRequest('Invalid open.kind: expected "attach", "exec" or "logs".');
  }
  for (const key of Object.keys(body)) {
    if (!FIELDS[kind].has(key)) {
      throw new BadRequest(`Unknown field open.${shownKey(key)} for a ${kind} console.`);
    }
  }
  const container = body.container;
  if (typeof container !== 'string' || container.length === 0 || container.length > CONTAINER_MAX) {
    throw new BadRequest('Invalid open.container: expected a container uuid or name.');
  }
  const tty = optionalBoolean(body.tty, 'open.tty') ?? true;
  const size = sizeOf(body.rows, body.cols, 'open');
  if (kind === 'logs') {
    return {
      kind,
      container,
      tail: tailOf(body.tail),
      follow: optionalBoolean(body.follow, 'open.follow') ?? true,
    };
  }
  if (kind === 'attach')
    return size === undefined ? { kind, container } : { kind, container, size };
  const command = commandOf(body.command);
  return size === undefined
    ? { kind, container, command, tty }
    : { kind, container, command, tty, size };
}

/** A `resize` payload: `{ rows, cols }`, both positive integers within Docker's bounds. */
export function resizeRequestOf(payload: unknown): TerminalSize {
  const body = plainObject(payload, 'resize');
  for (const key of Object.keys(body)) {
    if (key !== 'rows' && key !== 'cols') {
      throw new BadRequest(`Unknown field resize.${shownKey(key)}.`);
    }
  }
  const size = sizeOf(body.rows, body.cols, 'resize');
  if (size === undefined) throw new BadRequest('Invalid resize: rows and cols are required.');
  return size;
}

/** An `input` payload: text (sent as UTF-8) or bytes. */
export function inputBytesOf(payload: unknown): Buffer {
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Buffer.isBuffer(payload)) return payload;
  if (payload instanceof ArrayBuffer) return Buffer.from(payload);
  if (ArrayBuffer.isView(payload)) {
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  throw new BadRequest('Invalid input: expected a string or binary data.');
}

function plainObject(payload: unknown, what: string): Record<string, unknown> {
  if (
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload) ||
    Buffer.isBuffer(payload) ||
    Object.getPrototypeOf(payload) !== Object.prototype
  ) {
    throw new BadRequest(`Invalid ${what}: expected an object.`);
  }
  return payload as Record<string, unknown>;
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new BadRequest(`Invalid ${name}: expected a boolean.`);
  return value;
}

function dimension(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > DIMENSION_MAX) {
    throw new BadRequest(`Invalid ${name}: expected an integer from 1 to ${DIMENSION_MAX}.`);
  }
  return value;
}

function sizeOf(rows: unknown, cols: unknown, what: string): TerminalSize | undefined {
  if (rows === undefined && cols === undefined) return undefined;
  if (rows === undefined || cols === undefined) {
    throw new BadRequest(`Invalid ${what}: give rows and cols together.`);
  }
  return { rows: dimension(rows, `${what}.rows`), cols: dimension(cols, `${what}.cols`) };
}

function tailOf(value: unknown): number | 'all' {
  if (value === undefined) return 'all';
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > TAIL_MAX) {
    throw new BadRequest(`Invalid open.tail: expected a number of lines from 0 to ${TAIL_MAX}.`);
  }
  return value;
}

function commandOf(value: unknown): string[] {
  if (value === undefined) return ['sh'];
  if (typeof value !== 'string' || value.length > COMMAND_MAX) {
    throw new BadRequest(
      `Invalid open.command: expected a command line of at most ${COMMAND_MAX} characters.`,
    );
  }
  const argv = execCommandOf(value);
  if (argv instanceof Refusal) throw new BadRequest(`Invalid open.command: ${argv.problem}.`);
  return argv;
}

function shownKey(key: string): string {
  return JSON.stringify(key.slice(0, 64));
}
