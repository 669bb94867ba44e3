import type { Check, Template } from './check-string';

/** What a check may read of the caller: oslo.context's policy values, plus `is_admin`. */
export interface Credentials {
  readonly user_id: string | null;
  readonly user_name: string | null;
  readonly project_id: string | null;
  readonly project_name: string | null;
  readonly roles: readonly string[];
  readonly is_admin: boolean;
}

/** What a check may read of the resource acted on: its owners. */
export interface Target {
  readonly project_id: string | null;
  readonly user_id: string | null;
}

/** The credential names a check string may use (`KEY:VALUE`). */
export const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'user_id',
  'user_name',
  'project_id',
  'project_name',
  'roles',
  'is_admin',
]);

/** The target attributes a check string may substitute (`%(KEY)s`). */
export const TARGET_KEYS: ReadonlySet<string> = new Set(['project_id', 'user_id']);

/**
 * Evaluates a parsed check as oslo.policy does. `rule` resolves `rule:NAME` (undefined: an
 * unknown rule, which denies, as oslo fails closed). Loading refuses cycles, so recursion ends.
 */
export function evaluate(
  check: Check,
  target: Target,
  creds: Credentials,
  rule: (name: string) => Check | undefined,
): boolean {
  const recur = (c: Check): boolean => evaluate(c, target, creds, rule);
  switch (check.kind) {
    case 'allow':
      return true;
    case 'deny':
      return false;
    case 'rule': {
      const named = rule(check.name);
      return named !== undefined && recur(named);
    }
    case 'role': {
      const match = substitute(check.match, target);
      // oslo compares roles case-insensitively.
      return match !== null && creds.roles.some((r) => r.toLowerCase() === match.toLowerCase());
    }
    case 'credential': {
      const match = substitute(check.match, target);
      return match !== null && found(creds, check.path, match);
    }
    case 'literal': {
      const match = substitute(check.match, target);
      return match !== null && match === check.value;
    }
    case 'not':
      return !recur(check.check);
    case 'and':
      return check.checks.every(recur);
    case 'or':
      return check.checks.some(recur);
  }
}

/**
 * The match with the target's values in place, or null when one is missing. oslo would write
 * Python's `None` for a null and could then match a caller whose own value is null (an unscoped
 * token's project); here a missing or null value never matches.
 */
function substitute(template: Template, target: Target): string | null {
  let out = '';
  for (const part of template) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    const value = (target as unknown as Record<string, unknown>)[part.target];
    if (typeof value !== 'string' && typeof value !== 'number') return null;
    out += String(value);
  }
  return out;
}

/** oslo's GenericCheck._find_in_dict: follows the path; a list matches if any element does. */
function found(value: unknown, path: readonly string[], match: string): boolean {
  if (path.length === 0) return pythonStr(value) === match;
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, path[0])) return false;
  const next: unknown = (value as Record<string, unknown>)[path[0]];
  const rest = path.slice(1);
  if (Array.isArray(next)) return next.some((item) => found(item, rest, match));
  return found(next, rest, match);
}

/** Python's str() of a credential value: `True`/`False`/`None` for booleans and null. */
function pythonStr(value: unknown): string | null {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return null;
}
