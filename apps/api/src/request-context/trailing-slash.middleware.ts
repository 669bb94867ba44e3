import type { HttpMiddleware } from './http.types';

/**
 * python-zunclient sends `/v1/containers/` (with --limit and friends) and `/v1/containers`
 * (without) for the same collection. Stripping one trailing slash before routing makes every
 * route answer both, and lets path-based checks (microversion, error format) see one spelling.
 */
export const trailingSlashMiddleware: HttpMiddleware = (req, _res, next) => {
  const q = req.url.indexOf('?');
  const path = q === -1 ? req.url : req.url.slice(0, q);
  if (path.length > 1 && path.endsWith('/')) {
    req.url = path.slice(0, -1) + (q === -1 ? '' : req.url.slice(q));
  }
  next();
};
