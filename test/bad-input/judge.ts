import { formatOf, type BadCase } from './case';
import type { Answer } from './send';

/**
 * Whether an answer is a proper refusal: some 4xx (or exactly the statuses the case names),
 * never a 5xx, never a timeout, with an error body in the path's dialect. Returns why not, or
 * null when it is.
 */
export function judge(c: BadCase, a: Answer): string | null {
  if (a.status === null) {
    if (c.closeIsRefusal === true && a.closedUnanswered === true) return null;
    return a.error ?? 'no answer';
  }
  if (a.status >= 500) return `server error ${a.status}`;
  const format = c.method === 'HEAD' ? 'status-only' : formatOf(c);
  if (a.status < 400) {
    if (format === 'graphql-field' && a.status === 200) return graphqlFieldRefusal(a);
    return `accepted with ${a.status}`;
  }
  if (c.status !== undefined && !c.status.includes(a.status)) {
    return `expected ${c.status.join(' or ')}, got ${a.status}`;
  }
  switch (format) {
    case 'zun':
      return zunBodyProblem(a);
    case 'keystone':
      return keystoneBodyProblem(a);
    case 'graphql':
    case 'graphql-field': {
      // A refusal before Apollo (size, content type) speaks Zun's dialect; both are right.
      const problem = graphqlBodyProblem(a);
      return problem === null || zunBodyProblem(a) === null ? null : problem;
    }
    case 'status-only':
      return null;
  }
}

function parsedJson(a: Answer): { value: unknown } | string {
  const type = String(a.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) return `not JSON (Content-Type ${type || 'none'})`;
  try {
    return { value: JSON.parse(a.body) as unknown };
  } catch {
    return 'a body that does not parse as JSON';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Zun's `{"errors": [{request_id, code: "container.*", status, title, detail, links}]}`. */
export function zunBodyProblem(a: Answer): string | null {
  const parsed = parsedJson(a);
  if (typeof parsed === 'string') return `not Zun's error format: ${parsed}`;
  const errors = isObject(parsed.value) ? parsed.value.errors : undefined;
  const e: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (!isObject(e)) return "not Zun's error format: no errors[0]";
  const header = a.headers['x-openstack-request-id'];
  if (typeof e.request_id !== 'string' || !e.request_id.startsWith('req-')) {
    return "Zun's error without a request_id";
  }
  if (header !== e.request_id) return 'errors[0].request_id is not the x-openstack-request-id';
  if (typeof e.code !== 'string' || !e.code.startsWith('container.')) {
    return "Zun's error whose code is not container.*";
  }
  if (e.status !== a.status) return `errors[0].status ${String(e.status)} is not the status`;
  if (typeof e.title !== 'string' || e.title === '') return "Zun's error without a title";
  if (typeof e.detail !== 'string') return "Zun's error without a detail";
  return null;
}

/** Keystone's `{"error": {code, title, message}}`. */
export function keystoneBodyProblem(a: Answer): string | null {
  const parsed = parsedJson(a);
  if (typeof parsed === 'string') return `not Keystone's error format: ${parsed}`;
  const e = isObject(parsed.value) ? parsed.value.error : undefined;
  if (!isObject(e)) return "not Keystone's error format: no error object";
  if (e.code !== a.status) return `error.code ${String(e.code)} is not the status`;
  if (typeof e.title !== 'string' || e.title === '') return "Keystone's error without a title";
  if (typeof e.message !== 'string') return "Keystone's error without a message";
  return null;
}

/** GraphQL's `{"errors": [{message, ...}]}`. */
function graphqlBodyProblem(a: Answer): string | null {
  const parsed = parsedJson(a);
  if (typeof parsed === 'string') return `not a GraphQL error: ${parsed}`;
  const errors = isObject(parsed.value) ? parsed.value.errors : undefined;
  const e: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (!isObject(e) || typeof e.message !== 'string')
    return 'not a GraphQL error: no errors[0].message';
  return null;
}

/** A 200 whose only root field was refused: null data there, an error with a 4xx status. */
function graphqlFieldRefusal(a: Answer): string | null {
  const problem = graphqlBodyProblem(a);
  if (problem !== null) return `accepted with 200 (${problem})`;
  const body = JSON.parse(a.body) as { data?: unknown; errors: Array<{ extensions?: unknown }> };
  const data = body.data;
  if (isObject(data) && Object.values(data).some((v) => v !== null)) {
    return 'accepted with 200: the field answered data';
  }
  const ext = body.errors[0]?.extensions;
  const status = isObject(ext) ? ext.status : undefined;
  if (typeof status !== 'number' || status < 400 || status >= 500) {
    return `refused inside a 200 without a 4xx status in its extensions (${String(status)})`;
  }
  return null;
}
