import { randomUUID } from 'node:crypto';
import type { HttpMiddleware } from './http.types';

export const REQUEST_ID_HEADER = 'x-openstack-request-id';

// oslo.middleware's request_id format; anything else a client sends is ignored, not echoed, so a
// header cannot smuggle arbitrary text into our logs and event metadata.
const WELL_FORMED = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Gives every request an id (`req-<uuid>`, or a well-formed incoming one) and echoes it. */
export const requestIdMiddleware: HttpMiddleware = (req, res, next) => {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const requestId =
    typeof incoming === 'string' && WELL_FORMED.test(incoming.toLowerCase())
      ? incoming.toLowerCase()
      : `req-${randomUUID()}`;
  req.berth = { requestId };
  res.setHeader(REQUEST_ID_HEADER, requestId);
  next();
};
