/**
 * Docker's reference grammar (distribution/reference): an optional registry host[:port], then
 * lower-case path components joined by `/`; a tag is a word character then up to 127 of
 * `[\w.-]`. A repository name is at most 255 characters.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const REGISTRY = new RegExp(`^${DOMAIN}$`);
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * The first component can name a registry only when it has a `.` or a `:` or is `localhost`, as
 * Docker splits a name; otherwise it is the path's first component and must be lower-case too.
 * (The bare grammar reads `UPPER/x` as host UPPER, but Docker's commit then refuses it with
 * "repository name must be lowercase", after it has made the image.)
 */
function isRegistry(component: string): boolean {
  return (/[.:]/.test(component) || component === 'localhost') && REGISTRY.test(component);
}

export function isValidRepository(repository: string): boolean {
  if (repository.length === 0 || repository.length > 255) return false;
  if (PATH.test(repository)) return true;
  const slash = repository.indexOf('/');
  return (
    slash > 0 && isRegistry(repository.slice(0, slash)) && PATH.test(repository.slice(slash + 1))
  );
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/**
 * Splits `repo[:tag]` as the Zun CLI does: a colon after the last `/` starts the tag (a colon
 * before it is a registry port). No tag means `latest`.
 */
export function splitImageReference(reference: string): { repo: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/'))
    return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: 'latest' };
}
