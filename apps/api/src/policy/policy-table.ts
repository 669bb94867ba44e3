import { CheckStringError, parseCheckString, type Check } from './check-string';
import { CREDENTIAL_NAMES, TARGET_KEYS, evaluate, type Credentials, type Target } from './evaluate';
import { BASE_RULES, defaultCheckStrings, type RuleName } from './rules';

/** A policy Berth cannot use; the message names the rule (and the file, when there is one). */
export class PolicyError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PolicyOptions {
  /** BERTH_PRIVILEGED_CONTAINERS=admin: `container:create:privileged` defaults to admin_api. */
  privilegedContainers?: 'nobody' | 'admin';
}

const VOCABULARY = { credentials: CREDENTIAL_NAMES, targetKeys: TARGET_KEYS };

/**
 * The compiled rule table: defaults, then the file's rules over them. Compiling checks all of it
 * at once (every string parses, every `rule:` names a rule, no rule refers back to itself), so
 * evaluating never meets a broken rule.
 */
export class PolicyTable {
  private constructor(
    private readonly checks: ReadonlyMap<string, Check>,
    /** The check string in force per rule, for diagnostics and the docs test. */
    readonly texts: Readonly<Record<string, string>>,
  ) {}

  static defaults(options: PolicyOptions = {}): PolicyTable {
    return PolicyTable.compile({}, options);
  }

  /** Throws PolicyError naming the first rule that is wrong. */
  static compile(
    overrides: Readonly<Record<string, string>>,
    options: PolicyOptions = {},
  ): PolicyTable {
    const texts = defaultCheckStrings();
    if (options.privilegedContainers === 'admin') {
      texts['container:create:privileged'] = 'rule:admin_api';
    }
    for (const [name, text] of Object.entries(overrides)) {
      assertOverridable(name, text);
      texts[name] = text;
    }
    const checks = new Map<string, Check>();
    for (const [name, text] of Object.entries(texts)) {
      try {
        checks.set(name, parseCheckString(text, VOCABULARY));
      } catch (error) {
        if (!(error instanceof CheckStringError)) throw error;
        throw new PolicyError(name, `rule "${name}": cannot read "${text}": ${error.message}`);
      }
    }
    assertReferencesResolve(checks);
    assertNoCycles(checks);
    return new PolicyTable(checks, texts);
  }

  /** Whether `rule` allows the caller `creds` to act on `target`. */
  allows(rule: RuleName, target: Target, creds: Credentials): boolean {
    const check = this.checks.get(rule);
    // Every RuleName is compiled; an absent one can only be a bug, and denies.
    if (check === undefined) return false;
    return evaluate(check, target, creds, (name) => this.checks.get(name));
  }
}

/**
 * A name in a file is one of Berth's rules, or an alias of the file's own without a colon
 * (`project_member: role:member and ...`). A colon name Berth does not know is a typo that would
 * silently leave the real rule at its default, so it is refused.
 */
function assertOverridable(name: string, text: unknown): void {
  const known = Object.hasOwn(defaultCheckStrings(), name);
  if (!known && (name.includes(':') || name.trim() === '')) {
    throw new PolicyError(name, `rule "${name}": Berth has no rule of that name`);
  }
  if (typeof text !== 'string') {
    throw new PolicyError(
      name,
      `rule "${name}": the value must be a check string, got ${JSON.stringify(text)}`,
    );
  }
  // The admin role is what makes lookups span projects (Zun's get_resource for admins); a file
  // cannot move that without Berth's scoping following, so the rule stays as it is.
  if (name === 'context_is_admin' && text.trim() !== BASE_RULES.context_is_admin) {
    throw new PolicyError(
      name,
      `rule "context_is_admin": Berth's admin is the admin role; the rule must stay "${BASE_RULES.context_is_admin}"`,
    );
  }
}

function referencesOf(check: Check): string[] {
  switch (check.kind) {
    case 'rule':
      return [check.name];
    case 'not':
      return referencesOf(check.check);
    case 'and':
    case 'or':
      return check.checks.flatMap(referencesOf);
    default:
      return [];
  }
}

function assertReferencesResolve(checks: ReadonlyMap<string, Check>): void {
  for (const [name, check] of checks) {
    for (const ref of referencesOf(check)) {
      if (!checks.has(ref)) {
        throw new PolicyError(name, `rule "${name}": "rule:${ref}" names no rule`);
      }
    }
  }
}

/** Depth-first over `rule:` references; a rule met again on its own path is a cycle. */
function assertNoCycles(checks: ReadonlyMap<string, Check>): void {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (done.has(name)) return;
    const at = path.indexOf(name);
    if (at >= 0) {
      const cycle = [...path.slice(at), name].join(' -> ');
      throw new PolicyError(name, `rule "${name}" refers to itself: ${cycle}`);
    }
    const check = checks.get(name);
    if (check !== undefined) for (const ref of referencesOf(check)) visit(ref, [...path, name]);
    done.add(name);
  };
  for (const name of checks.keys()) visit(name, []);
}
