import type { Healthcheck, RestartPolicy } from '@berth/domain';
import { Refusal, shown } from '../../input';
import {
  isJsonObject,
  stringListOf,
  stringMapOf,
  textOf,
  wholeNumberOf,
} from '../../input/json-values';

/*
 * The create body's structured fields, parsed as Zun's parameter_types describe them (closed
 * objects, exact types), with Docker's own limits where Zun leaves a value unchecked and Docker
 * would refuse it after the container was accepted.
 */

/** What Docker keeps as a 32-bit int (retry counts, healthcheck durations in seconds). */
export const MAX_INT32 = 2_147_483_647;

/** Zun's name rule, for create, update and rename alike: 2 to 255 characters. */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$/;
export const NAME_TEXT = 'a name: a letter or digit, then letters, digits, _, . or -';

function unknownKeys(value: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !known.includes(key));
}

function closedObject(
  raw: unknown,
  known: readonly string[],
): Record<string, unknown> | Refusal | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isJsonObject(raw)) return new Refusal(`expected an object, got ${shown(raw)}`);
  const unknown = unknownKeys(raw, known);
  if (unknown.length > 0) {
    return new Refusal(
      `unknown key ${unknown.map((k) => shown(k)).join(', ')}; it takes ${known.join(', ')}`,
    );
  }
  return raw;
}

function countOf(value: unknown, name: string): number | undefined | Refusal {
  const n = wholeNumberOf(value);
  if (n instanceof Refusal) return new Refusal(`${name}: ${n.problem}`);
  if (n !== undefined && n > MAX_INT32) {
    return new Refusal(`${name}: expected at most ${MAX_INT32}, got ${n}`);
  }
  return n;
}

const RESTART_NAMES = ['no', 'always', 'on-failure', 'unless-stopped'] as const;

/** Zun's restart_policy: `{Name, MaximumRetryCount}`, Name required. */
export function restartPolicyOf(raw: unknown): RestartPolicy | undefined | Refusal {
  const policy = closedObject(raw, ['Name', 'MaximumRetryCount']);
  if (policy === undefined || policy instanceof Refusal) return policy;
  const name = policy.Name;
  if (typeof name !== 'string' || !(RESTART_NAMES as readonly string[]).includes(name)) {
    return new Refusal(`Name: expected one of ${RESTART_NAMES.join(', ')}, got ${shown(name)}`);
  }
  const retries = countOf(policy.MaximumRetryCount, 'MaximumRetryCount');
  if (retries instanceof Refusal) return retries;
  return { Name: name as RestartPolicy['Name'], MaximumRetryCount: retries ?? 0 };
}

/**
 * Zun's healthcheck: `{cmd, interval, retries, timeout}`, the durations in whole seconds. Zun's
 * schema meant these (its `items` on an object checks nothing); Docker needs the command.
 */
export function healthcheckOf(raw: unknown): Healthcheck | undefined | Refusal {
  const check = closedObject(raw, ['cmd', 'interval', 'retries', 'timeout']);
  if (check === undefined || check instanceof Refusal) return check;
  const cmd = textOf(check.cmd, { minLength: 1, maxLength: 255 });
  if (cmd === undefined || cmd instanceof Refusal) {
    return new Refusal(`cmd: ${cmd?.problem ?? 'it is required'}`);
  }
  const numbers: Partial<Record<'interval' | 'retries' | 'timeout', number>> = {};
  for (const key of ['interval', 'retries', 'timeout'] as const) {
    const value = check[key];
    // Zun's own types: an integer or null, not a string of one.
    if (value !== undefined && value !== null && typeof value !== 'number') {
      return new Refusal(`${key}: expected a whole number, got ${shown(value)}`);
    }
    const n = countOf(value, key);
    if (n instanceof Refusal) return n;
    if (n !== undefined) numbers[key] = n;
  }
  return {
    cmd,
    interval: numbers.interval ?? 0,
    retries: numbers.retries ?? 0,
    timeout: numbers.timeout ?? 0,
  };
}

const PROTOCOLS = ['tcp', 'udp'];

/**
 * Zun's exposed_ports (`build_exposed_ports`): each key is `port` or `port/protocol`, the protocol
 * tcp or udp (tcp when left out), and comes out as `port/protocol`; each value is `{}`, as Docker
 * has it. A port is a whole number Docker can publish (1-65535).
 */
export function exposedPortsOf(
  raw: unknown,
): Record<string, Record<string, never>> | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  if (!isJsonObject(raw)) return new Refusal(`expected an object, got ${shown(raw)}`);
  const exposed: Record<string, Record<string, never>> = {};
  for (const [key, value] of Object.entries(raw)) {
    const [port, protocol = 'tcp', ...rest] = key.split('/');
    if (rest.length > 0 || !PROTOCOLS.includes(protocol)) {
      return new Refusal(`value ${shown(protocol)} is an invalid protocol; use tcp or udp`);
    }
    const n = /^[0-9]{1,5}$/.test(port) ? Number(port) : 0;
    if (n < 1 || n > 65535) return new Refusal(`value ${shown(port)} is invalid as publish port`);
    if (!isJsonObject(value) || Object.keys(value).length > 0) {
      return new Refusal(`the value of ${shown(key)}: expected {}, got ${shown(value)}`);
    }
    exposed[`${n}/${protocol}`] = {};
  }
  return exposed;
}

/** Environment variables: Docker writes them `NAME=value`, so a name has no `=`. */
export function environmentOf(raw: unknown): Record<string, string> | undefined | Refusal {
  return stringMapOf(raw, {
    key: {
      minLength: 1,
      maxLength: 255,
      pattern: /^[^=]+$/,
      patternText: 'a variable name without =',
    },
  });
}

/** Labels: Docker's are strings; Berth's own (`berth.*`) are set after the user's, never by them. */
export function labelsOf(raw: unknown): Record<string, string> | undefined | Refusal {
  return stringMapOf(raw, { key: { minLength: 1, maxLength: 255 } });
}

/**
 * Zun's scheduler hints: keys of letters, digits and `-_:. `, values strings, both up to 255. A
 * value that is not a string is refused, not skipped: a `label:` hint skipped would place the
 * container on a host without that label.
 */
export function hintsOf(raw: unknown): Record<string, string> | undefined | Refusal {
  return stringMapOf(raw, {
    key: {
      minLength: 1,
      maxLength: 255,
      pattern: /^[a-zA-Z0-9-_:. ]+$/,
      patternText: 'letters, digits and -_:. ',
    },
    value: { maxLength: 255 },
  });
}

/** Zun's security_groups: a list of names of 1 to 255 characters. */
export function securityGroupsOf(raw: unknown): string[] | undefined | Refusal {
  return stringListOf(raw, { item: { minLength: 1, maxLength: 255 } });
}

/** An entrypoint (1.40): a list of strings. */
export function entrypointOf(raw: unknown): string[] | undefined | Refusal {
  return stringListOf(raw);
}

/**
 * The command: a string before 1.20 (split as shlex does), a list of strings from 1.20 on. Which
 * of the two the request's version takes is the mapper's to say.
 */
export function commandOf(raw: unknown): string | string[] | undefined | Refusal {
  if (typeof raw === 'string') return raw;
  const list = stringListOf(raw);
  return list instanceof Refusal
    ? new Refusal(`expected a list of strings (a string before 1.20), got ${shown(raw)}`)
    : list;
}

/** Zun's `nets` and `mounts`: a list of objects, each checked by its own mapper. */
export function listOfObjectsOf(
  raw: unknown,
): Array<Record<string, unknown>> | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || !raw.every(isJsonObject)) {
    return new Refusal(`expected a list of objects, got ${shown(raw)}`);
  }
  return raw;
}

/**
 * The working directory: Docker refuses a relative one ("it needs to be an absolute path") when
 * it creates the container; an empty one is Docker's default, as not given.
 */
export function workdirOf(raw: unknown): string | undefined | Refusal {
  const dir = textOf(raw, { maxLength: 4096, nullable: true });
  if (dir === undefined || dir instanceof Refusal || dir === '') {
    return dir === '' ? undefined : dir;
  }
  if (!dir.startsWith('/') || dir.includes('\0')) {
    return new Refusal(`expected an absolute path, got ${shown(dir)}`);
  }
  return dir;
}

export type PullPolicy = 'always' | 'ifnotpresent' | 'never';

/** Zun's image_pull_policy: never, always, ifnotpresent, or those capitalised (Never, IfNotPresent). */
export function pullPolicyOf(raw: unknown): PullPolicy | undefined | Refusal {
  if (raw === undefined || raw === null) return undefined;
  const spelled = ['never', 'always', 'ifnotpresent', 'Never', 'Always', 'IfNotPresent'];
  if (typeof raw !== 'string' || !spelled.includes(raw)) {
    return new Refusal(`expected one of ${spelled.join(', ')}, got ${shown(raw)}`);
  }
  return raw.toLowerCase() as PullPolicy;
}

/** Zun's image_driver in a body: one of the drivers or none; Berth has Docker's only. */
export function bodyImageDriverOf(raw: unknown): 'docker' | undefined | Refusal {
  if (raw === undefined || raw === null || raw === 'None') return undefined;
  if (raw === 'docker') return 'docker';
  return new Refusal(`expected docker (the only image driver), got ${shown(raw)}`);
}

/** Zun's cpu_policy: shared or dedicated (a string; null is not one of them). */
export function cpuPolicyOf(raw: unknown): 'shared' | 'dedicated' | undefined | Refusal {
  if (raw === undefined) return undefined;
  if (raw === 'shared' || raw === 'dedicated') return raw;
  return new Refusal(`expected shared or dedicated, got ${shown(raw)}`);
}
