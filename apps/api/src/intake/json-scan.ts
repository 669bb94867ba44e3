/**
 * The deepest nesting of objects and arrays a request body may have. Zun's deepest legitimate
 * body, a capsule template (`template.spec.containers[].volumeMounts[]` and the like), is under 10
 * levels; GraphQL requests carry their query as a string and variables a few levels deep. 32
 * leaves room for clients that wrap bodies and bounds every walk over a parsed body.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The most keys a JSON body may have, in all its objects together. V8 gives every new set of keys
 * its own hidden classes, so parsing costs grow with the number of distinct keys far more than
 * with bytes: within the size limit, 12,000 one-key objects with distinct keys, or one object of
 * 12,900 keys, block the event loop 15–20 ms on a busy 2-core machine, where 2,000 keys cost under
 * half a millisecond. A create with hundreds of environment variables and labels stays far below;
 * Zun sets no such limit.
 */
export const MAX_BODY_KEYS = 2000;

export type JsonTextProblem =
  | { kind: 'too-deep'; maxDepth: number }
  | { kind: 'too-many-keys'; maxKeys: number }
  /** A NUL, raw or escaped as `\u0000`: PostgreSQL's text cannot hold it. */
  | { kind: 'nul' };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LOWER_U = 0x75;

/**
 * One pass over the text of a JSON body, before it is parsed: how deep its objects and arrays
 * nest, how many keys it has, and whether a string holds a NUL. Linear and without
 * recursion, so a body nested 100,000 levels deep costs one loop, not a stack. It does not
 * validate the JSON (JSON.parse does, next): malformed text only has to be judged no worse than
 * it is.
 */
export function scanJsonText(
  text: string,
  maxDepth = MAX_JSON_DEPTH,
  maxKeys = MAX_BODY_KEYS,
): JsonTextProblem | null {
  let depth = 0;
  let keys = 0;
  let inString = false;
  let nul = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      nul = true;
    } else if (inString) {
      if (c === BACKSLASH) {
        // The escaped character is skipped; `\u0000` is the only escape that makes a NUL.
        if (text.charCodeAt(i + 1) === LOWER_U && text.startsWith('0000', i + 2)) nul = true;
        i++;
      } else if (c === QUOTE) {
        inString = false;
      }
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > maxDepth) return { kind: 'too-deep', maxDepth };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === COLON) {
      // Outside strings, a colon only ever follows a key.
      keys++;
      if (keys > maxKeys) return { kind: 'too-many-keys', maxKeys };
    }
  }
  return nul ? { kind: 'nul' } : null;
}
