/**
 * oslo.policy's check strings, as Zun's policy.yaml writes them:
 *
 *   `@` (allow), `!` (deny), `rule:NAME`, `role:NAME`, `KEY:VALUE` (a credential compared with a
 *   value, which may substitute the target's `%(project_id)s` or `%(user_id)s`), `and`, `or`,
 *   `not` and parentheses, with `not` binding tighter than `and`, and `and` tighter than `or`.
 *
 * oslo fails closed on a string it cannot read (the rule denies everybody and a line goes to the
 * log); Berth refuses it when the policy is loaded instead, so a typo stops the process at start
 * rather than locking users out, or in, at run time.
 */

/** A parsed check string. */
export type Check =
  | { readonly kind: 'allow' }
  | { readonly kind: 'deny' }
  | { readonly kind: 'rule'; readonly name: string }
  | { readonly kind: 'role'; readonly match: Template }
  /** `credential:match`, e.g. `project_id:%(project_id)s` or `is_admin:True`. */
  | { readonly kind: 'credential'; readonly path: readonly string[]; readonly match: Template }
  /** `'literal':match`, e.g. `True:%(enabled)s`: a constant compared with the (substituted) match. */
  | { readonly kind: 'literal'; readonly value: string; readonly match: Template }
  | { readonly kind: 'not'; readonly check: Check }
  | { readonly kind: 'and'; readonly checks: readonly Check[] }
  | { readonly kind: 'or'; readonly checks: readonly Check[] };

/** A match with `%(key)s` substitutions from the target: text and target keys, in order. */
export type Template = readonly TemplatePart[];
export type TemplatePart = { readonly text: string } | { readonly target: string };

/** What a check string may name besides rules, so a misspelt one is refused at load. */
export interface CheckVocabulary {
  /** Credential names (`KEY` in `KEY:VALUE`); dotted paths start with one of them. */
  readonly credentials: ReadonlySet<string>;
  /** Target attributes a `%(key)s` may substitute. */
  readonly targetKeys: ReadonlySet<string>;
}

/** A check string Berth cannot read; `message` says what and where. */
export class CheckStringError extends Error {}

type Token =
  | { readonly type: '(' | ')' | 'and' | 'or' | 'not' }
  | { readonly type: 'check'; readonly text: string };

/** Parses `text` into a Check; throws CheckStringError. The empty string allows, as in oslo. */
export function parseCheckString(text: string, vocabulary: CheckVocabulary): Check {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'allow' };
  const parser = new Parser(tokens, vocabulary);
  const check = parser.expression();
  parser.expectEnd();
  return check;
}

/**
 * oslo's tokenizer: words split on whitespace; parentheses are peeled off the start and end of a
 * word only, because `%(key)s` carries some in its middle.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    let start = 0;
    while (start < word.length && word[start] === '(') {
      tokens.push({ type: '(' });
      start += 1;
    }
    let end = word.length;
    while (end > start && word[end - 1] === ')') end -= 1;
    const core = word.slice(start, end);
    if (core !== '') {
      const lowered = core.toLowerCase();
      tokens.push(
        lowered === 'and' || lowered === 'or' || lowered === 'not'
          ? { type: lowered }
          : { type: 'check', text: core },
      );
    }
    for (let i = end; i < word.length; i += 1) tokens.push({ type: ')' });
  }
  return tokens;
}

class Parser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly vocabulary: CheckVocabulary,
  ) {}

  /** or_expr := and_expr ('or' and_expr)* */
  expression(): Check {
    const checks = [this.conjunction()];
    while (this.peek()?.type === 'or') {
      this.at += 1;
      checks.push(this.conjunction());
    }
    return checks.length === 1 ? checks[0] : { kind: 'or', checks };
  }

  expectEnd(): void {
    const next = this.peek();
    if (next !== undefined) throw new CheckStringError(`unexpected ${describe(next)}`);
  }

  /** and_expr := unary ('and' unary)* */
  private conjunction(): Check {
    const checks = [this.unary()];
    while (this.peek()?.type === 'and') {
      this.at += 1;
      checks.push(this.unary());
    }
    return checks.length === 1 ? checks[0] : { kind: 'and', checks };
  }

  /** unary := 'not' unary | '(' or_expr ')' | check */
  private unary(): Check {
    const token = this.peek();
    if (token === undefined) throw new CheckStringError('a check is missing at the end');
    this.at += 1;
    if (token.type === 'not') return { kind: 'not', check: this.unary() };
    if (token.type === '(') {
      const inner = this.expression();
      if (this.peek()?.type !== ')') throw new CheckStringError('a ")" is missing');
      this.at += 1;
      return inner;
    }
    if (token.type === 'check') return parseAtom(token.text, this.vocabulary);
    throw new CheckStringError(`a check is missing before ${describe(token)}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
}

function describe(token: Token): string {
  return token.type === 'check' ? `"${token.text}"` : `"${token.type}"`;
}

/** One check: `@`, `!`, `rule:`, `role:`, `credential:match` or `'literal':match`. */
function parseAtom(text: string, vocabulary: CheckVocabulary): Check {
  if (text === '@') return { kind: 'allow' };
  if (text === '!') return { kind: 'deny' };
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new CheckStringError(`"${text}" is not a check (KIND:VALUE, "@" or "!")`);
  }
  const kind = text.slice(0, colon);
  const value = text.slice(colon + 1);
  if (kind === 'rule') return { kind: 'rule', name: value };
  if (kind === 'role') return { kind: 'role', match: template(value, vocabulary) };
  if (kind === 'http' || kind === 'https') {
    throw new CheckStringError(`"${text}": Berth does not ask remote servers (${kind}: checks)`);
  }
  const match = template(value, vocabulary);
  const literal = literalOf(kind);
  if (literal !== undefined) return { kind: 'literal', value: literal, match };
  const path = kind.split('.');
  if (path.some((part) => part === '') || !vocabulary.credentials.has(path[0])) {
    throw new CheckStringError(
      `"${text}": "${kind}" is no credential Berth knows (${[...vocabulary.credentials].join(', ')})`,
    );
  }
  return { kind: 'credential', path, match };
}

/**
 * oslo's `ast.literal_eval` of a check's left side, as Python's `str()` of it: a quoted string,
 * a number, True, False or None. Anything else names a credential.
 */
function literalOf(kind: string): string | undefined {
  if (/^'[^']*'$/.test(kind) || /^"[^"]*"$/.test(kind)) return kind.slice(1, -1);
  if (kind === 'True' || kind === 'False' || kind === 'None') return kind;
  if (/^[+-]?[0-9]+$/.test(kind)) return String(Number.parseInt(kind, 10));
  return undefined;
}

/** `text%(key)stext`: Python's %-formatting with named `s` conversions only. */
function template(value: string, vocabulary: CheckVocabulary): Template {
  const parts: TemplatePart[] = [];
  const pattern = /%\(([^)]*)\)s/g;
  let last = 0;
  for (const found of value.matchAll(pattern)) {
    const index = found.index;
    pushText(parts, value.slice(last, index), value);
    const key = found[1];
    if (!vocabulary.targetKeys.has(key)) {
      throw new CheckStringError(
        `"%(${key})s": "${key}" is no target attribute Berth passes (${[...vocabulary.targetKeys].join(', ')})`,
      );
    }
    parts.push({ target: key });
    last = index + found[0].length;
  }
  pushText(parts, value.slice(last), value);
  return parts;
}

function pushText(parts: TemplatePart[], text: string, whole: string): void {
  if (text.includes('%')) {
    throw new CheckStringError(`"${whole}": a "%" other than %(key)s`);
  }
  if (text !== '') parts.push({ text });
}
