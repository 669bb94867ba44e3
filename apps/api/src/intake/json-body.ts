import { BadRequest, UnsupportedMediaType } from '../errors/api-errors';
import type { HttpRequest, HttpResponse } from '../request-context/http.types';
import { announcesBody } from '../request-context/lingering-close';
import { readBody, type ReadLimits } from './body-reader';
import { MAX_JSON_DEPTH, scanJsonText } from './json-scan';
import { unreadableBodyHeaders } from './media-type';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Takes the request's JSON body into `req.body`, once: checks its headers (415), reads it within
 * `limits` (413, 408), refuses text that is not UTF-8, nests deeper than MAX_JSON_DEPTH, has more
 * than MAX_BODY_KEYS keys or holds a NUL (400) before parsing it (400 when it is not JSON). A request without a body leaves `req.body` undefined; an empty body sent as JSON
 * (python-zunclient's actions send `Content-Length: 0`) is `{}`, as Express' parser made it. Any
 * JSON value is taken, `null` included (python-zunclient sends it with some GETs): the route's
 * validation judges its shape.
 */
export async function takeJsonBody(
  req: HttpRequest,
  res: HttpResponse,
  limits: ReadLimits,
): Promise<void> {
  const state = req.berth;
  if (state?.bodyTaken === true) return;
  if (state !== undefined) state.bodyTaken = true;
  req.body = undefined;
  if (!announcesBody(req)) {
    // Express' JSON parser made `{}` of an empty body sent as JSON; handlers still see that.
    if (req.headers['content-length'] === '0' && isJson(req)) req.body = {};
    return;
  }
  const unreadable = unreadableBodyHeaders(req.headers);
  if (unreadable !== null) throw new UnsupportedMediaType(unreadable);
  const raw = await readBody(req, res, limits);
  req.body = raw.length === 0 ? {} : parseJsonText(decodeUtf8(raw));
}

function isJson(req: HttpRequest): boolean {
  return req.headers['content-type'] !== undefined && unreadableBodyHeaders(req.headers) === null;
}

function decodeUtf8(raw: Buffer): string {
  try {
    return UTF8.decode(raw);
  } catch {
    throw new BadRequest('Invalid input: the body is not valid UTF-8.');
  }
}

/** JSON.parse behind the linear checks; exported for the unit tests and the bench. */
export function parseJsonText(text: string): unknown {
  const problem = scanJsonText(text);
  if (problem?.kind === 'too-deep') {
    throw new BadRequest(
      `Invalid input: the JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`,
    );
  }
  if (problem?.kind === 'too-many-keys') {
    throw new BadRequest(`Invalid input: the JSON body has more than ${problem.maxKeys} keys.`);
  }
  if (problem?.kind === 'nul') {
    throw new BadRequest('Invalid input: the body contains a NUL character.');
  }
  try {
    // V8's JSON.parse is iterative, and a key such as "__proto__" becomes an own property (never
    // the object's prototype); validation treats such keys like any other (see dto-shape.ts).
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest('Invalid input: the body is not valid JSON.');
  }
}
