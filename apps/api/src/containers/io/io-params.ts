import type { LogOptions } from '@berth/drivers';
import { BadRequest } from '../../errors/api-errors';
import { ClosedSchema } from '../../errors/closed-schema';
import {
  QueryBoolean,
  QueryInteger,
  QueryParam,
  Refusal,
  shown,
  textOf,
  wholeNumber,
} from '../../input';
import { splitCommand } from './exec-command';

/*
 * The query strings of the container I/O routes, as Zun's schemas have them (query_param_logs,
 * _execute_command, _execute_resize, _resize, _top), plus `all_projects`, which Berth takes
 * wherever a container is looked up. Parsed by the global ValidationPipe: a controller receives
 * typed values or the request is a 400.
 */

/** Docker keeps tail as an int; more lines than this is "all" anyway. */
const MAX_LINES = 2_147_483_647;

/** `tail`: "all" or a number of lines (Docker reads -1 as all; one spelling is kept). */
export function tailOf(text: string): number | 'all' | Refusal {
  if (text.toLowerCase() === 'all') return 'all';
  const lines = wholeNumber(text, 0, MAX_LINES);
  return lines instanceof Refusal
    ? new Refusal(`expected all or a number of lines, got ${shown(text)}`)
    : lines;
}

// Date and time, then an optional fraction (`,` is the separator of Zun's own strptime format),
// then an optional zone; without one the time is UTC, as docker-py reads a naive datetime.
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * `since` as Unix seconds. Docker's logs endpoint only understands a number (it answers 500 to
 * an RFC 3339 time), so every accepted spelling is converted here: seconds, RFC 3339, or Zun's
 * `YYYY-MM-DD HH:MM:SS,ffffff`. zunclient sends "None" when --since is not given.
 */
export function sinceOf(text: string): number | undefined | Refusal {
  if (text === 'None') return undefined;
  if (/^\d{1,12}(\.\d{1,9})?$/.test(text)) return Number(text);
  const m = DATE_TIME.exec(text);
  if (m) {
    const [, date, time, fraction, zone] = m;
    const millis = (fraction ?? '').padEnd(3, '0').slice(0, 3);
    const zoneText = zone === undefined || zone.toLowerCase() === 'z' ? 'Z' : zone;
    const ms = Date.parse(`${date}T${time}.${millis}${zoneText}`);
    if (!Number.isNaN(ms) && ms >= 0) return ms / 1000;
  }
  return new Refusal(`expected Unix seconds or an RFC 3339 time, got ${shown(text)}`);
}

/** GET logs: Zun's query_param_logs. */
@ClosedSchema()
export class LogsQuery {
  @QueryBoolean() stdout?: boolean;
  @QueryBoolean() stderr?: boolean;
  @QueryBoolean() timestamps?: boolean;
  @QueryParam(tailOf) tail?: number | 'all';
  @QueryParam(sinceOf) since?: number;
  @QueryBoolean() all_projects?: boolean;
}

/** Zun's defaults are both streams, no timestamps, every line. */
export function parseLogOptions(query: LogsQuery): LogOptions {
  const stdout = query.stdout ?? true;
  const stderr = query.stderr ?? true;
  if (!stdout && !stderr) {
    // Docker refuses this with a 400 of its own; say it in the API's words before asking.
    throw new BadRequest('Invalid logs request: at least one of stdout and stderr must be True.');
  }
  return {
    stdout,
    stderr,
    timestamps: query.timestamps ?? false,
    tail: query.tail ?? 'all',
    since: query.since,
  };
}

/** The command of an exec, split as Zun's docker-py splits it (Python's shlex); never empty. */
export function execCommandOf(text: string): string[] | Refusal {
  let argv: string[];
  try {
    argv = splitCommand(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : 'the command is malformed';
    return new Refusal(why.replace(/^Invalid command: /, '').replace(/\.$/, ''));
  }
  if (argv.length === 0 || argv[0] === '') return new Refusal('the command is empty');
  return argv;
}

/** POST execute: Zun's query_param_execute_command (run and interactive in its narrow boolean). */
@ClosedSchema()
export class ExecuteQuery {
  @QueryParam(execCommandOf, { required: true }) command!: string[];
  @QueryBoolean('strict') run?: boolean;
  @QueryBoolean('strict') interactive?: boolean;
  @QueryBoolean() all_projects?: boolean;
}

/** Terminal width or height: Docker keeps them as uint16, and 0 rows is no terminal. */
const DIMENSION = { min: 1, max: 65535 };

/** POST resize (attach's tty): Zun's query_param_resize. */
@ClosedSchema()
export class ResizeQuery {
  @QueryInteger(DIMENSION, { required: true }) w!: number;
  @QueryInteger(DIMENSION, { required: true }) h!: number;
  @QueryBoolean() all_projects?: boolean;
}

/**
 * Docker exec ids are 64 hex digits and are looked up whole. Checking the shape matters beyond
 * tidiness: the id becomes a segment of the engine's URL path, so `../` must never reach it.
 */
const EXEC_ID = { pattern: /^[0-9a-f]{64}$/, patternText: 'an exec id (64 hex digits)' };

/** POST execute_resize: Zun's query_param_execute_resize. */
@ClosedSchema()
export class ExecResizeQuery extends ResizeQuery {
  @QueryParam((text) => textOf(text, EXEC_ID), { required: true }) exec_id!: string;
}

/**
 * `ps_args` for top: options for ps, which Docker runs without a shell. Zun's pattern meant
 * letters, `-`, blanks, `,` and `+` (it is unanchored, so it checks nothing); digits and `=`, `_`,
 * `.`, `:`, `%` are allowed too (`-o pid,%cpu`, `-p 1`). zunclient sends "None" without --pid.
 */
export function psArgsOf(text: string): string | undefined | Refusal {
  if (text === 'None') return undefined;
  return textOf(text, {
    pattern: /^[a-zA-Z0-9 ,+=_.:%-]+$/,
    patternText: 'ps options: letters, digits, blanks and , + = _ . : % -',
  });
}

/** GET top: Zun's query_param_top. */
@ClosedSchema()
export class TopQuery {
  @QueryParam(psArgsOf) ps_args?: string;
  @QueryBoolean() all_projects?: boolean;
}

/** Linux's PATH_MAX: no path inside a container is longer. */
export const MAX_ARCHIVE_PATH = 4096;

/** A path inside the container for get/put_archive: absolute, at most PATH_MAX, no NUL. */
export function archivePathOf(text: string): string | Refusal {
  if (text.length > MAX_ARCHIVE_PATH) {
    return new Refusal(`expected at most ${MAX_ARCHIVE_PATH} characters, got ${text.length}`);
  }
  if (text.includes('\0')) return new Refusal('it contains a NUL character');
  if (!text.startsWith('/')) {
    return new Refusal(`expected an absolute path in the container, got ${shown(text)}`);
  }
  return text;
}

/** GET get_archive and POST put_archive: the path, required. */
@ClosedSchema()
export class ArchiveQuery {
  @QueryParam(archivePathOf, { required: true }) path!: string;
  @QueryBoolean() all_projects?: boolean;
}
