import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { PolicyError, PolicyTable, type PolicyOptions } from './policy-table';

/** The rules a policy file sets: rule name to check string. */
export type PolicyRules = Readonly<Record<string, string>>;

/**
 * Reads a policy file (BERTH_POLICY_FILE) and checks it against the rule table, so that a broken
 * file stops the process at start. Throws PolicyError with the file and the rule in the message.
 *
 * JSON, as Zun's policy.json was. A YAML policy (Zun's policy.yaml of `"name": "check"` lines) is
 * read when it is also JSON; anything else needs a YAML parser Berth does not ship yet.
 */
export function readPolicyFile(path: string, options: PolicyOptions = {}): PolicyRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new PolicyError('', `policy file ${path} cannot be read: ${why}`);
  }
  const rules = parsePolicyText(text, path);
  try {
    PolicyTable.compile(rules, options);
  } catch (error) {
    if (error instanceof PolicyError) {
      throw new PolicyError(error.rule, `policy file ${path}: ${error.message}`);
    }
    throw error;
  }
  return rules;
}

/** The file's rules; throws PolicyError when it is not an object of strings. */
export function parsePolicyText(text: string, path: string): PolicyRules {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    const yaml = ['.yaml', '.yml'].includes(extname(path).toLowerCase());
    const why = error instanceof Error ? error.message : String(error);
    throw new PolicyError(
      '',
      yaml
        ? `policy file ${path} is not JSON (${why}); Berth reads YAML policy files only when they are JSON too, so write it as {"rule": "check string", ...}`
        : `policy file ${path} is not JSON: ${why}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PolicyError('', `policy file ${path} must hold an object of rule names`);
  }
  const rules: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'string') {
      // oslo still reads its old list-of-lists form; Berth takes check strings only.
      throw new PolicyError(
        name,
        `policy file ${path}: rule "${name}": the value must be a check string, got ${JSON.stringify(value)}`,
      );
    }
    rules[name] = value;
  }
  return rules;
}
