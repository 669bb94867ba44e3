import { randomUUID } from 'node:crypto';
import type { HttpMiddleware } from './http.types';

export const REQUEST_ID_HEADER = 'x-openstack-request-id';

// oslo.middleware's ID_FORMAT: an incoming id is kept only in this exact form (40 characters,
// lowercase hex), anything else is dropped, so a header cannot smuggle arbitrary text into logs
// and event metadata.
const WELL_FORMED = /^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

/**
 * As oslo.middleware's RequestId (Zun's pipeline): every request gets an id Berth makes
 * (`req-<uuid>`), echoed in `x-openstack-request-id`; it names the action the request records, so
 * no client can choose, repeat or collide an audit key. A well-formed incoming
 * `X-Openstack-Request-Id` is kept beside it as the request's `global_request_id`.
 */
export const requestIdMiddleware: HttpMiddleware = (req, res, next) => {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const globalRequestId =
    typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : null;
  const requestId = `req-${randomUUID()}`;
  req.berth = { requestId, globalRequestId };
  res.setHeader(REQUEST_ID_HEADER, requestId);
  next();
};
