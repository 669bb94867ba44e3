import type { Arbitrary } from 'fast-check';

/**
 * The bad-input corpus' vocabulary: a case is one request Berth MUST refuse with a 4xx in the
 * dialect of its path (Zun's error body, Keystone's under /identity, GraphQL's at /graphql), and
 * a family builds its cases from the live targets of the run.
 */

/**
 * Which of issue 12's helpers owns the behaviour a case checks (for the failure report); `policy`
 * is who may do what, which none of them owns.
 */
export type Owner = 'intake' | 'schemas' | 'streams' | 'limits' | 'policy';

/** Whose token a case sends: a real caller of the run, none, or a literal header value. */
export type Auth = 'admin' | 'member' | 'reader' | 'unscoped' | 'none' | { token: string };

/**
 * The error body a refusal must carry. `graphql-field`: a GraphQL field refused inside a 200
 * (the field null, an error with a 4xx status in its extensions), GraphQL's convention for an
 * error that is not the whole request's.
 */
export type ErrorFormat = 'zun' | 'keystone' | 'graphql' | 'graphql-field' | 'status-only';

export type CaseBody =
  /** Serialised with JSON.stringify; `application/json` unless the case's headers say otherwise. */
  | { kind: 'json'; value: unknown }
  /** Sent as these bytes; no Content-Type unless the case's headers give one. */
  | { kind: 'bytes'; data: string | Buffer }
  /** `sent` bytes of a body declared `declaredLength` long, then nothing: a client that stalls. */
  | { kind: 'slow'; declaredLength: number; sent: Buffer }
  /** Streamed with Transfer-Encoding: chunked (no Content-Length), in 64 KiB chunks. */
  | { kind: 'chunked'; data: Buffer }
  /**
   * The whole request as raw bytes on a fresh socket. `stall`: it is unfinished on purpose, so it
   * gets the slow deadline.
   */
  | { kind: 'raw'; request: string | Buffer; stall?: boolean };

export interface BadCase {
  family: string;
  /** What is wrong with the request, as a short phrase. */
  name: string;
  owner: Owner;
  method: string;
  /** Path and query string, already percent-encoded as they go on the wire. */
  path: string;
  auth: Auth;
  /** `OpenStack-API-Version` value for /v1 paths; null sends none. */
  version: string | null;
  /** Extra or overriding headers; a null value removes a default header. */
  headers: Record<string, string | string[] | null>;
  body?: CaseBody;
  /** The exact statuses accepted, where the status itself is the point (413, 415, 404 ...). */
  status?: readonly number[];
  /** The dialect of the error body; by path unless given. */
  format?: ErrorFormat;
  /** Per-request deadline; the corpus' default unless given. */
  timeoutMs?: number;
  /**
   * A close without an answer counts as a refusal (never a timeout): for a request that never
   * finished arriving (headers cut short), there is no request to answer; the server may send a
   * 408 first, and closing is the honest end either way.
   */
  closeIsRefusal?: boolean;
  /** Sent alone, with nothing else in flight (it may hold the server's event loop). */
  exclusive?: boolean;
  /** Would change a target if wrongly accepted: sent last in its family, one at a time. */
  destructive?: boolean;
}

/** What a family writes: a case without its family, with the common fields defaulted. */
export type CaseSpec = Omit<BadCase, 'family' | 'owner' | 'auth' | 'version' | 'headers'> &
  Partial<Pick<BadCase, 'owner' | 'auth' | 'version' | 'headers'>>;

/** A container the run aims at: its uuid and its name. */
export interface ContainerRef {
  uuid: string;
  name: string;
}

/**
 * The real resources every family aims at, made before the corpus runs: an admin project with two
 * Running containers, a Stopped one and an image, and a second project with a member, a reader and
 * a container of its own.
 */
export interface Targets {
  testImage: string;
  hostname: string;
  adminProject: string;
  memberProject: string;
  memberUser: { id: string; name: string };
  /** A user whose password the corpus knows, for Keystone bodies that differ only in shape. */
  loginUser: { name: string; password: string; project: string };
  tokens: { admin: string; member: string; reader: string; unscoped: string };
  running: ContainerRef;
  /**
   * A second Running container that only destructive cases aim at (stop, kill, pause...): one
   * wrongly accepted changes it, not the container every other case reads.
   */
  victim: ContainerRef;
  stopped: ContainerRef;
  memberContainer: ContainerRef;
  /** Uuid of an image record of the admin project (pulled onto the host). */
  image: string;
  /** The request id of an action of the running container (its create). */
  actionRequestId: string;
}

/** A family: a named group of cases and the helper whose part it mostly tests. */
export interface Family {
  name: string;
  owner: Owner;
  build(targets: Targets, gen: CaseGenerator): CaseSpec[];
}

/** Seeded sampling (fast-check underneath), so every run of a seed sends the same requests. */
export interface CaseGenerator {
  readonly seed: number;
  /** `count` values of `arbitrary`, the same for the same seed and label. */
  sample<T>(label: string, arbitrary: Arbitrary<T>, count: number): T[];
}

export const DEFAULT_VERSION = 'container 1.40';

/** Fills a family's specs into cases. */
export function completeCases(family: Family, specs: readonly CaseSpec[]): BadCase[] {
  return specs.map((spec) => ({
    ...spec,
    family: family.name,
    owner: spec.owner ?? family.owner,
    auth: spec.auth ?? 'admin',
    version: spec.version === undefined ? DEFAULT_VERSION : spec.version,
    headers: spec.headers ?? {},
  }));
}

/** The error dialect a path speaks. */
export function formatOf(c: BadCase): ErrorFormat {
  if (c.format !== undefined) return c.format;
  const path = c.path.split('?')[0] ?? '';
  if (path === '/identity' || path.startsWith('/identity/')) return 'keystone';
  if (path === '/graphql' || path.startsWith('/graphql/')) return 'graphql';
  return 'zun';
}

/** `k=v&k=v` with each part percent-encoded; a value of undefined leaves the key bare. */
export function query(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** `/v1/containers/<uuid>` plus an optional sub-path and query. */
export function containerPath(ref: ContainerRef, sub = '', q = ''): string {
  return `/v1/containers/${ref.uuid}${sub === '' ? '' : `/${sub}`}${q === '' ? '' : `?${q}`}`;
}

/** A JSON body. */
export function json(value: unknown): CaseBody {
  return { kind: 'json', value };
}

/** A body of exactly these bytes (its Content-Type, if any, goes in the case's headers). */
export function bytes(data: string | Buffer): CaseBody {
  return { kind: 'bytes', data };
}

/** Short printable rendering of a value for case names. */
export function shown(value: unknown, max = 40): string {
  let text: string;
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'undefined');
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length})` : text;
}
