/**
 * One request to Berth's API as the zun CLI sends it: the caller's token, microversion 1.40, and
 * a JSON body when there is one.
 */
export function zunFetch(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'x-auth-token': token,
      'openstack-api-version': 'container 1.40',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
