import { actionParams } from './action-params';
import { archives } from './archives';
import { authHeaders } from './auth-headers';
import { bodies } from './bodies';
import { capsules } from './capsules';
import type { Family } from './case';
import { consoleHttp } from './console';
import { createFields } from './create-fields';
import { deletes } from './deletes';
import { extensions } from './extensions';
import { graphql } from './graphql';
import { identity } from './identity';
import { images } from './images';
import { lists } from './lists';
import { methods } from './methods';
import { microversions } from './microversions';
import { networks } from './networks';
import { policy } from './policy';
import { quotas } from './quotas';
import { registries } from './registries';
import { services } from './services';
import { unknownPaths } from './unknown-paths';
import { update } from './update';

/**
 * Every family, in the order they run: those that cannot change a target first; those whose
 * cases would stop, restart, rebuild, disable or delete a target if wrongly accepted last, so a
 * wrong acceptance there masks as little as possible.
 */
export const FAMILIES: readonly Family[] = [
  methods,
  unknownPaths,
  authHeaders,
  microversions,
  bodies,
  graphql,
  consoleHttp,
  identity,
  lists,
  extensions,
  images,
  registries,
  capsules,
  quotas,
  createFields,
  archives,
  networks,
  policy,
  update,
  actionParams,
  services,
  deletes,
];

/** BERTH_CORPUS_FAMILY=a,b runs only those families; unknown names are an error, not a no-op. */
export function selectedFamilies(env: NodeJS.ProcessEnv = process.env): readonly Family[] {
  const raw = env.BERTH_CORPUS_FAMILY?.trim();
  if (raw === undefined || raw === '') return FAMILIES;
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const unknown = names.filter((n) => !FAMILIES.some((f) => f.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `BERTH_CORPUS_FAMILY names no family: ${unknown.join(', ')}. Families: ${FAMILIES.map((f) => f.name).join(', ')}`,
    );
  }
  return FAMILIES.filter((f) => names.includes(f.name));
}
