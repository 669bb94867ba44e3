import { ROUTES, type Route } from './catalogue';
import { json, type Auth, type CaseSpec, type Family, type Targets } from './case';

/**
 * Every route that needs a token, sent a well-formed request without a valid one: none, garbage,
 * tampered, forged, unscoped. Plus the ways a token header itself can be malformed.
 */
export const authHeaders: Family = {
  name: 'auth-headers',
  owner: 'intake',
  build(t) {
    const variants: ReadonlyArray<[string, Auth]> = [
      ['without a token', 'none'],
      ['with a garbage token', { token: 'garbage' }],
      ['with a tampered signature', { token: tampered(t.tokens.admin) }],
      ['with forged admin claims', { token: forged(t.tokens.member) }],
    ];
    const cases: CaseSpec[] = [];
    for (const route of ROUTES.filter((r) => r.public !== true)) {
      for (const [what, auth] of variants) cases.push(routeCase(t, route, `${what}`, auth));
      if (!route.pattern.startsWith('/identity')) {
        cases.push(routeCase(t, route, 'with an unscoped token', 'unscoped'));
      }
    }
    const list = { method: 'GET', path: '/v1/containers' } as const;
    const create = {
      method: 'POST',
      path: '/v1/containers',
      body: json({ image: t.testImage, command: ['true'] }),
    } as const;
    for (const base of [list, create]) {
      const on = `${base.method} ${base.path}`;
      cases.push(
        {
          ...base,
          name: `${on} with the token as a Bearer authorization`,
          auth: 'none',
          headers: { authorization: `Bearer ${t.tokens.admin}` },
        },
        {
          ...base,
          name: `${on} with X-Auth-Token given twice`,
          auth: 'none',
          headers: { 'x-auth-token': [t.tokens.admin, t.tokens.member] },
        },
        { ...base, name: `${on} with an empty token`, auth: { token: '' } },
        { ...base, name: `${on} with a blank token`, auth: { token: '   ' } },
        { ...base, name: `${on} with an 8 kB token`, auth: { token: `bt1.${'A'.repeat(8192)}.x` } },
        { ...base, name: `${on} with a token of three dots`, auth: { token: 'bt1...' } },
        {
          ...base,
          name: `${on} with the signature cut off`,
          auth: { token: t.tokens.admin.replace(/\.[^.]*$/, '.') },
        },
        {
          ...base,
          name: `${on} with the signature doubled`,
          auth: {
            token: `${t.tokens.admin}${t.tokens.admin.slice(t.tokens.admin.lastIndexOf('.') + 1)}`,
          },
        },
        {
          ...base,
          name: `${on} with another prefix`,
          auth: { token: t.tokens.admin.replace(/^bt1/, 'bt2') },
        },
        {
          ...base,
          name: `${on} with Latin-1 bytes in the token`,
          auth: { token: `${t.tokens.admin}\u00e9` },
        },
        {
          ...base,
          name: `${on} with the signature padded (other text, same bytes)`,
          auth: { token: `${t.tokens.admin}=` },
        },
        {
          ...base,
          name: `${on} with the signature in standard base64 (other text, same bytes)`,
          auth: { token: standardBase64(t.tokens.admin) },
        },
      );
    }
    return cases;
  },
};

function routeCase(t: Targets, route: Route, what: string, auth: Auth): CaseSpec {
  const example = route.example(t);
  const version =
    route.maxVersion !== undefined
      ? `container ${route.maxVersion}`
      : route.minVersion !== undefined && route.pattern.startsWith('/v1')
        ? 'container 1.40'
        : undefined;
  return {
    name: `${route.method} ${route.pattern} ${what}`,
    method: route.method,
    path: example.path,
    auth,
    ...(example.body === undefined ? {} : { body: example.body }),
    ...(version === undefined ? {} : { version }),
  };
}

/** The token with one character of its signature changed. */
export function tampered(token: string): string {
  const i = token.length - 5;
  const c = token[i] === 'A' ? 'B' : 'A';
  return `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
}

/** The member's signature on claims rewritten to hold the admin role. */
export function forged(token: string): string {
  const [prefix = '', body = '', mac = ''] = token.split('.');
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    claims.roles = ['admin', 'member', 'reader'];
    return `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
  } catch {
    return `${prefix}.${body}x.${mac}`;
  }
}

/**
 * The signature written in standard base64 (`+`, `/`, `=`): the same bytes as text no issuer
 * wrote. When the signature has no `-` or `_` to change, a trailing `=` makes the text differ.
 */
function standardBase64(token: string): string {
  const cut = token.lastIndexOf('.') + 1;
  const mac = token.slice(cut);
  const std = Buffer.from(mac, 'base64url').toString('base64');
  return `${token.slice(0, cut)}${std === mac ? `${std}=` : std}`;
}
