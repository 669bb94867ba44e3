// Berth's REST API as the console calls it: same origin, the token in X-Auth-Token (never in a
// URL), Zun's microversion header on /v1.
import { session } from './session.js';

export const ZUN_VERSION = 'container 1.40';

/** A refusal from Berth, with the message its error document gives. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The human-readable part of a Zun ({ errors: [...] }) or Keystone ({ error }) error body. */
export function messageOf(body, fallback) {
  const zun = body && Array.isArray(body.errors) ? body.errors[0] : null;
  if (zun) return zun.detail || zun.title || fallback;
  if (body && body.error && body.error.message) return body.error.message;
  return fallback;
}

async function bodyOf(res) {
  const text = await res.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends one request; resolves to the parsed body, or throws an ApiError. */
export async function api(method, path, { token = session.token(), headers = {}, body } = {}) {
  const sent = { ...headers };
  if (token) sent['X-Auth-Token'] = token;
  if (path.startsWith('/v1/')) sent['OpenStack-API-Version'] = ZUN_VERSION;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  const parsed = await bodyOf(res);
  if (!res.ok) {
    if (res.status === 401 && token) session.expire('Your session has ended; log in again.');
    throw new ApiError(res.status, messageOf(parsed, `${res.status} ${res.statusText}`));
  }
  return { body: parsed, headers: res.headers };
}

/** Every container of the project, following Zun's `next` links (same origin only). */
export async function listContainers() {
  const all = [];
  let path = '/v1/containers?limit=1000';
  while (path) {
    const { body } = await api('GET', path);
    all.push(...body.containers);
    path = null;
    if (body.next) {
      const next = new URL(body.next, location.href);
      if (next.origin === location.origin) path = next.pathname + next.search;
    }
  }
  return all;
}

/** A container's state replayed from the log up to `position` (the event just received). */
export async function containerAt(uuid, position) {
  const q = new URLSearchParams({ at_position: position });
  const { body } = await api('GET', `/v1/containers/${encodeURIComponent(uuid)}/state?${q}`);
  return body;
}

export async function showContainer(uuid) {
  return (await api('GET', `/v1/containers/${encodeURIComponent(uuid)}`)).body;
}

/** start, stop or delete, as the zun CLI sends them (delete stops a running one first). */
export async function act(uuid, action) {
  const id = encodeURIComponent(uuid);
  if (action === 'delete') {
    await api('DELETE', `/v1/containers/${id}?force=False&stop=True&all_projects=False`);
  } else {
    await api('POST', `/v1/containers/${id}/${action}`);
  }
}

export async function actionLog(uuid) {
  const { body } = await api('GET', `/v1/containers/${encodeURIComponent(uuid)}/container_actions`);
  return body.containerActions;
}

export async function logsTail(uuid, tail) {
  const q = new URLSearchParams({ stdout: 'True', stderr: 'True', tail: String(tail) });
  const { body } = await api('GET', `/v1/containers/${encodeURIComponent(uuid)}/logs?${q}`);
  return typeof body === 'string' ? body : '';
}
