import { MicroversionUnsupported } from '../errors/api-errors';
import { toApiFailure } from '../errors/api-failure';
import { writeFailure } from '../errors/error-body';
import { requestPath, type HttpMiddleware } from '../request-context/http.types';
import { MAX_API_VERSION, MIN_API_VERSION } from './micro-version';
import { negotiateVersion, VERSION_HEADER } from './negotiate';

/** True for `/v1` and everything under it: the paths that speak microversions. */
export function isV1Path(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

/**
 * Zun's v1 `Controller._route`: negotiate the version before routing and echo the version headers
 * on every /v1 response, errors included (so even a 404 or 401 tells the client the range).
 * Runs as plain Express middleware, ahead of Nest's router, so unknown /v1 paths get them too.
 */
export const microversionMiddleware: HttpMiddleware = (req, res, next) => {
  if (!isV1Path(requestPath(req))) {
    next();
    return;
  }
  res.setHeader('OpenStack-API-Minimum-Version', MIN_API_VERSION.toHeader());
  res.setHeader('OpenStack-API-Maximum-Version', MAX_API_VERSION.toHeader());
  res.setHeader('Vary', VERSION_HEADER);
  const state = req.berth ?? { requestId: 'req-unknown', globalRequestId: null };
  try {
    const version = negotiateVersion(headerValue(req.headers['openstack-api-version']));
    res.setHeader(VERSION_HEADER, version.toHeader());
    req.berth = { ...state, apiVersion: version };
    next();
  } catch (error) {
    // Zun echoes a well-formed but unsupported version; a malformed header is answered at the
    // base version, the one a request without the header would have been served at.
    const echoed =
      error instanceof MicroversionUnsupported
        ? error.requested.toHeader()
        : MIN_API_VERSION.toHeader();
    res.setHeader(VERSION_HEADER, echoed);
    writeFailure(req, res, toApiFailure(error, state.requestId), state.requestId);
  }
};

function headerValue(raw: string | string[] | undefined): string | undefined {
  // Node joins repeated headers with ", " except for a few; an array only for set-cookie.
  return Array.isArray(raw) ? raw.join(', ') : raw;
}
