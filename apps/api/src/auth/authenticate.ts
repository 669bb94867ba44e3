import { AuthenticationRequired } from '../errors/api-errors';
import { isIdentityPath } from '../errors/error-body';
import type { TokenClaims } from '../identity/token.service';
import type { HttpRequest, RequestState } from '../request-context/http.types';
import { RequestContext } from '../request-context/request-context';
import { requestStateOf } from '../request-context/request-state';
import type { TokenValidator } from './token-validator';

/**
 * The one check of a request's `X-Auth-Token`, for the REST guard and for /graphql (checked
 * before Apollo runs): a valid token, project-scoped except on /identity, where an unscoped token
 * may still validate itself or be re-scoped. Its caller becomes the request's RequestContext;
 * anything else is AuthenticationRequired (401). An identity service that cannot answer is a 503.
 */
export async function authenticateRequest(
  req: HttpRequest,
  tokens: TokenValidator,
): Promise<RequestContext> {
  const state = requestStateOf(req);
  const raw = req.headers['x-auth-token'];
  const token = typeof raw === 'string' ? raw.trim() : '';
  const claims = token === '' ? null : await tokens.validate(token);
  if (claims === null || (claims.project_id === null && !isIdentityPath(req))) {
    throw new AuthenticationRequired();
  }
  state.context = contextFromClaims(claims, state, token);
  return state.context;
}

export function contextFromClaims(
  claims: TokenClaims,
  request: Pick<RequestState, 'requestId' | 'globalRequestId'>,
  token: string,
): RequestContext {
  return new RequestContext({
    request_id: request.requestId,
    global_request_id: request.globalRequestId,
    user_id: claims.user_id,
    user_name: claims.user_name,
    project_id: claims.project_id,
    project_name: claims.project_name,
    roles: claims.roles,
    auth_token: token,
  });
}
