import { ResourceNotFound } from '../errors/api-errors';
import { toApiFailure } from '../errors/api-failure';
import { writeFailure } from '../errors/error-body';
import type { HttpMiddleware } from './http.types';

/**
 * python-zunclient sends `/v1/containers/` (with --limit and friends) and `/v1/containers`
 * (without) for the same collection. Stripping one trailing slash before routing makes every
 * route answer both, and lets path-based checks (microversion, error format) see one spelling.
 * A path with an empty segment (`/v1/containers//`, `//v1`, `/v1//containers`) names nothing:
 * it is a 404 here, before Express, whose routes also match an optional trailing slash and would
 * take `/v1/containers//` less its last slash for the collection.
 */
export const trailingSlashMiddleware: HttpMiddleware = (req, res, next) => {
  const q = req.url.indexOf('?');
  const path = q === -1 ? req.url : req.url.slice(0, q);
  if (path.includes('//')) {
    const requestId = req.berth?.requestId ?? 'req-unknown';
    writeFailure(req, res, toApiFailure(new ResourceNotFound(), requestId), requestId);
    return;
  }
  if (path.length > 1 && path.endsWith('/')) {
    req.url = path.slice(0, -1) + (q === -1 ? '' : req.url.slice(q));
  }
  next();
};
