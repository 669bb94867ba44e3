import { ConfigError } from './config-error';
import { parseVariable, type BerthProcess, type ValueOf } from './variable';
import { BERTH_VARIABLES, type BerthVariable } from './variables';

export type Environment = Readonly<Record<string, string | undefined>>;

type Spec<N extends BerthVariable> = (typeof BERTH_VARIABLES)[N];

/** Unset and blank are the same: the default. Surrounding spaces are never meant. */
function textOf(env: Environment, name: string): string | undefined {
  const text = env[name]?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/**
 * The typed value of one declared variable: parsed and checked when set, else its declared
 * default (undefined for those whose default is computed by the feature that reads them).
 */
export function readVariable<N extends BerthVariable>(
  name: N,
  env: Environment = process.env,
): ValueOf<Spec<N>> | Extract<Spec<N>['default'], undefined> {
  const spec: Spec<N> = BERTH_VARIABLES[name];
  const text = textOf(env, name);
  if (text === undefined) {
    if ('required' in spec && spec.required) throw new ConfigError(`${name} is required`);
    return spec.default as ValueOf<Spec<N>> | Extract<Spec<N>['default'], undefined>;
  }
  return parseVariable(name, spec, text);
}

/** Like readVariable, for a variable whose declared default is a value. */
export function readSetting<N extends BerthVariable>(
  name: N,
  env: Environment = process.env,
): ValueOf<Spec<N>> {
  const value = readVariable(name, env);
  if (value === undefined) throw new Error(`${name} has no declared default`);
  return value;
}

/**
 * Checks every variable the given processes read, before anything starts: one ConfigError
 * naming each bad variable, so an operator fixes them all in one go. Cross-variable rules (a
 * default inside its bounds…) are checked by the feature configs that combine them.
 */
export function validateEnvironment(
  processes: readonly BerthProcess[],
  env: Environment = process.env,
): void {
  const problems: string[] = [];
  for (const name of Object.keys(BERTH_VARIABLES) as BerthVariable[]) {
    const spec = BERTH_VARIABLES[name];
    if (!spec.processes.some((p) => processes.includes(p))) continue;
    try {
      readVariable(name, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
}
