/**
 * Docker's image reference grammar (distribution/reference), the one place Berth reads it:
 *
 *     reference := name [ ":" tag ] [ "@" digest ]
 *     name      := [ domain "/" ] path-component [ "/" path-component ]*   (at most 255 characters)
 *     domain    := host [ ":" port ]
 *     host      := domain-component [ "." domain-component ]* | "[" IPv6 "]"
 *     path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *     tag       := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
 *     digest    := algorithm ":" hex   (sha256: 64, sha384: 96, sha512: 128 lower-case hex digits)
 *
 * The API checks every image a caller names with it (create, rebuild, commit, pull) and the
 * compute parses with it before it pulls, so what one accepts the other can use.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])`;
const PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]{1,5})?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** Docker's NameTotalLengthMax: registry and path together. */
export const MAX_IMAGE_NAME_LENGTH = 255;

export interface ImageReference {
  /** Registry host[:port] as written, or null when the name has none (Docker Hub). */
  domain: string | null;
  /** The repository path, without the registry. */
  path: string;
  /** As written; null when the reference has none. */
  tag: string | null;
  /** `algorithm:hex`, or null. */
  digest: string | null;
}

/**
 * The first component names a registry only when it has a `.` or a `:` or is `localhost`, as
 * Docker splits a name; otherwise it is the path's first component and must be lower-case too.
 * (The bare grammar reads `UPPER/x` as host UPPER, but Docker's commit then refuses it with
 * "repository name must be lowercase", after it has made the image.)
 */
function namesDomain(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost';
}

function isDigest(text: string): boolean {
  const colon = text.indexOf(':');
  const length = DIGEST_HEX_LENGTH[text.slice(0, colon)];
  const hex = text.slice(colon + 1);
  return colon > 0 && length !== undefined && hex.length === length && /^[0-9a-f]+$/.test(hex);
}

/** A name without tag or digest: `[domain/]path`, or null when it is not one. */
function parseName(name: string): Pick<ImageReference, 'domain' | 'path'> | null {
  if (name.length === 0 || name.length > MAX_IMAGE_NAME_LENGTH) return null;
  const slash = name.indexOf('/');
  const first = slash > 0 ? name.slice(0, slash) : '';
  if (!namesDomain(first)) return PATH.test(name) ? { domain: null, path: name } : null;
  const path = name.slice(slash + 1);
  return DOMAIN.test(first) && PATH.test(path) ? { domain: first, path } : null;
}

/** Parses a reference exactly as written (no trimming, no defaults); null when it is invalid. */
export function parseImageReference(reference: string): ImageReference | null {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : null;
  if (digest !== null && !isDigest(digest)) return null;
  const named = at >= 0 ? reference.slice(0, at) : reference;
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const tag = hasTag ? named.slice(colon + 1) : null;
  if (tag !== null && !TAG.test(tag)) return null;
  const name = parseName(hasTag ? named.slice(0, colon) : named);
  return name === null ? null : { ...name, tag, digest };
}

export function isValidImageReference(reference: string): boolean {
  return parseImageReference(reference) !== null;
}

/** A repository name (no tag, no digest), as commit and pull name the image they make. */
export function isValidRepository(repository: string): boolean {
  return parseName(repository) !== null;
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/**
 * Splits `repo[:tag]` as the Zun CLI does: a colon after the last `/` starts the tag (a colon
 * before it is a registry port). No tag means `latest`. Only for names without a digest: callers
 * check the result with isValidRepository and isValidTag.
 */
export function splitImageReference(reference: string): { repo: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/'))
    return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: 'latest' };
}
