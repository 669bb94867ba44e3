import fc from 'fast-check';
import { notAnArray, notAnObject, notAString } from './arbitraries';
import { passwordBody } from './catalogue';
import { bytes, json, shown, type CaseSpec, type Family, type Targets } from './case';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Keystone's side (/identity): token requests of every wrong shape (each must be a 4xx in
 * Keystone's error format, never a 500), wrong credentials, token validation, the admin calls
 * (projects, users, grants) and Keystone routes Berth does not serve.
 */
export const identity: Family = {
  name: 'identity',
  owner: 'intake',
  build(t, gen) {
    const tokens = (
      body: CaseSpec['body'],
      name: string,
      extra: Partial<CaseSpec> = {},
    ): CaseSpec => ({
      name: `token ${name}`,
      method: 'POST',
      path: '/identity/v3/auth/tokens',
      auth: 'none',
      ...(body === undefined ? {} : { body }),
      ...extra,
    });
    const good = passwordBody(t) as { [key: string]: Json };
    const user = (patch: Record<string, Json>): Json => ({
      auth: {
        identity: { methods: ['password'], password: { user: { ...userOf(t), ...patch } } },
        scope: { project: { name: t.loginUser.project, domain: { name: 'Default' } } },
      },
    });

    const cases: CaseSpec[] = [
      tokens(undefined, 'without a body'),
      ...[
        {},
        { auth: null },
        { auth: {} },
        { auth: 'x' },
        { auth: [] },
        [],
        null,
        'auth',
        1,
        true,
      ].map((body) => tokens(json(body), `body ${shown(body)}`)),
      tokens(json({ auth: { identity: {} } }), 'identity without methods'),
      tokens(json({ auth: { identity: { methods: [] } } }), 'methods=[]'),
      tokens(json({ auth: { identity: { methods: 'password' } } }), 'methods a string'),
      tokens(
        json({ auth: { identity: { methods: ['password'] } } }),
        'password method without password',
      ),
      tokens(json({ auth: { identity: { methods: ['totp'], totp: {} } } }), 'methods=[totp]'),
      tokens(json({ auth: { identity: { methods: [1] } } }), 'methods=[1]'),
      tokens(
        json({ auth: { identity: { methods: ['password'], password: {} } } }),
        'password without user',
      ),
      tokens(
        json({ auth: { identity: { methods: ['password'], password: { user: {} } } } }),
        'empty user',
      ),
      tokens(
        json({ auth: { identity: { methods: ['password'], password: { user: 'admin' } } } }),
        'user a string',
      ),
      tokens(
        json({ auth: { identity: { methods: ['password'], password: null } } }),
        'password null',
      ),
      tokens(json(user({ password: 1 })), 'password a number'),
      tokens(json(user({ password: null })), 'password null in user'),
      tokens(json(user({ domain: 'Default' })), 'user domain a string'),
      tokens(json(user({ name: ['x'] })), 'user name a list'),
      tokens(json(user({ id: 5, name: null })), 'user id a number'),
      tokens(json({ ...good, auth: { ...(good.auth as object), scope: 'x' } }), 'scope a string'),
      tokens(
        json({ ...good, auth: { ...(good.auth as object), scope: { project: 'admin' } } }),
        'scope project a string',
      ),
      tokens(
        json({ ...good, auth: { ...(good.auth as object), scope: { project: {} } } }),
        'scope project empty',
      ),
      tokens(
        json({
          ...good,
          auth: { ...(good.auth as object), scope: { domain: { name: 'Default' } } },
        }),
        'domain-scoped (not served)',
      ),
      tokens(
        json({ ...good, auth: { ...(good.auth as object), scope: { system: { all: true } } } }),
        'system-scoped (not served)',
      ),
      tokens(
        json({ auth: { identity: { methods: ['token'], token: { id: 'garbage' } } } }),
        'token method with a garbage id',
      ),
      tokens(
        json({ auth: { identity: { methods: ['token'], token: { id: 1 } } } }),
        'token method id a number',
      ),
      tokens(json({ auth: { identity: { methods: ['token'] } } }), 'token method without token'),
      tokens(
        bytes(
          `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":${JSON.stringify(t.loginUser.name)},"domain":{"name":"Default"},"password":"wrong","__proto__":{"password":${JSON.stringify(t.loginUser.password)}}}}}}}`,
        ),
        '__proto__ carrying the password',
        { headers: { 'content-type': 'application/json' } },
      ),
      tokens(bytes('{"auth":'), 'truncated JSON', {
        headers: { 'content-type': 'application/json' },
      }),
      tokens(bytes("{'auth': {}}"), 'single-quoted JSON', {
        headers: { 'content-type': 'application/json' },
      }),
      tokens(bytes('auth=x'), 'form-urlencoded', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      tokens(bytes(JSON.stringify(good)), 'JSON sent as text/plain', {
        headers: { 'content-type': 'text/plain' },
      }),
      // Credentials that are wrong, in a right shape.
      tokens(json(passwordBody(t, 'wrong-password')), 'wrong password', { owner: 'limits' }),
      tokens(json(user({ name: 'corpus-nobody' })), 'a user that does not exist', {
        owner: 'limits',
      }),
      tokens(
        json({
          ...good,
          auth: {
            ...(good.auth as object),
            scope: { project: { name: 'no-such-project', domain: { name: 'Default' } } },
          },
        }),
        'a project that does not exist',
      ),
      tokens(
        json({
          ...good,
          auth: {
            ...(good.auth as object),
            scope: { project: { name: 'admin', domain: { name: 'Default' } } },
          },
        }),
        'a project the user is not a member of',
      ),
      tokens(json(user({ domain: { name: 'Elsewhere' } })), 'a domain that does not exist'),
      // Validation.
      { name: 'validate without X-Subject-Token', method: 'GET', path: '/identity/v3/auth/tokens' },
      {
        name: 'validate a garbage subject token',
        method: 'GET',
        path: '/identity/v3/auth/tokens',
        headers: { 'x-subject-token': 'garbage' },
      },
      {
        name: 'validate without X-Auth-Token',
        method: 'GET',
        path: '/identity/v3/auth/tokens',
        auth: 'none',
        headers: { 'x-subject-token': t.tokens.member },
      },
      {
        name: 'HEAD validate without X-Subject-Token',
        method: 'HEAD',
        path: '/identity/v3/auth/tokens',
        format: 'status-only',
      },
      // Revocation: DELETE /auth/tokens, the subject is X-Subject-Token.
      {
        name: 'revoke without X-Subject-Token',
        method: 'DELETE',
        path: '/identity/v3/auth/tokens',
      },
      {
        name: 'revoke a garbage subject token',
        method: 'DELETE',
        path: '/identity/v3/auth/tokens',
        headers: { 'x-subject-token': 'garbage' },
        status: [404],
      },
      {
        name: 'revoke the admin’s token as the member',
        method: 'DELETE',
        path: '/identity/v3/auth/tokens',
        auth: 'member',
        headers: { 'x-subject-token': t.tokens.admin },
        status: [403],
      },
      {
        name: 'revoke without X-Auth-Token',
        method: 'DELETE',
        path: '/identity/v3/auth/tokens',
        auth: 'none',
        headers: { 'x-subject-token': t.tokens.member },
        status: [401],
      },
      // Admin calls.
      ...adminCalls(t),
      // Keystone routes Berth does not serve.
      ...[
        ['GET', '/identity/v3/auth/catalog'],
        ['POST', '/identity/v2.0/tokens'],
        ['GET', '/identity/v2.0'],
        ['POST', '/identity/V3/auth/tokens'],
        ['GET', '/identity/v3/%00'],
      ].map(([method = 'GET', path = '/identity']): CaseSpec => ({
        name: `${method} ${path} (not served)`,
        method,
        path,
        ...(method === 'POST' ? { body: json(good) } : {}),
        ...(path.includes('V3') ? { status: [404] } : {}),
      })),
    ];

    // Generated: one value of the good body replaced by a value of the wrong type.
    for (const [path, arbitrary] of mutationPoints(good)) {
      for (const value of gen.sample(`identity:${path.join('.')}`, arbitrary, 4)) {
        cases.push(
          tokens(
            json(replaced(good, path, value as Json)),
            `generated ${path.join('.')}: ${shown(value)}`,
          ),
        );
      }
    }
    // Generated: required keys left out.
    for (const path of [
      ['auth'],
      ['auth', 'identity'],
      ['auth', 'identity', 'methods'],
      ['auth', 'identity', 'password'],
      ['auth', 'identity', 'password', 'user'],
      ['auth', 'identity', 'password', 'user', 'password'],
      ['auth', 'identity', 'password', 'user', 'name'],
    ]) {
      cases.push(tokens(json(removed(good, path)), `without ${path.join('.')}`));
    }
    // Generated: user names nobody has (Keystone answers 401 without telling which part is wrong).
    for (const name of gen.sample(
      'identity:unknown-user',
      fc.stringMatching(/^corpus-x[a-z0-9]{3,12}$/),
      8,
    )) {
      cases.push(
        tokens(json(user({ name })), `generated unknown user ${name}`, { owner: 'limits' }),
      );
    }
    return cases;
  },
};

function userOf(t: Targets): Record<string, Json> {
  return { name: t.loginUser.name, domain: { name: 'Default' }, password: t.loginUser.password };
}

/** Every value in the good body, with an arbitrary of values of another type. */
function mutationPoints(body: Json): Array<[string[], fc.Arbitrary<unknown>]> {
  const points: Array<[string[], fc.Arbitrary<unknown>]> = [];
  const walk = (value: Json, path: string[]): void => {
    if (path.length > 0) {
      points.push([
        path,
        Array.isArray(value) ? notAnArray : typeof value === 'object' ? notAnObject : notAString,
      ]);
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, String(i)]));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(body, []);
  return points;
}

function replaced(body: Json, path: readonly string[], value: Json): Json {
  if (path.length === 0) return value;
  const [head = '', ...rest] = path;
  if (Array.isArray(body))
    return body.map((item, i) => (String(i) === head ? replaced(item, rest, value) : item));
  if (body !== null && typeof body === 'object') {
    return { ...body, [head]: replaced(body[head] ?? null, rest, value) };
  }
  return body;
}

function removed(body: Json, path: readonly string[]): Json {
  const [head = '', ...rest] = path;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  if (rest.length === 0) {
    const copy = { ...body };
    delete copy[head];
    return copy;
  }
  return { ...body, [head]: removed(body[head] ?? null, rest) };
}

/** Projects, users and grants: admin-only calls, bad bodies and references to nothing. */
function adminCalls(t: Targets): CaseSpec[] {
  const post = (
    what: 'projects' | 'users',
    body: unknown,
    name: string,
    extra: Partial<CaseSpec> = {},
  ): CaseSpec => ({
    name: `create ${what.slice(0, -1)} ${name}`,
    method: 'POST',
    path: `/identity/v3/${what}`,
    body: json(body),
    ...extra,
  });
  const grant = (
    project: string,
    user: string,
    role: string,
    name: string,
    extra: Partial<CaseSpec> = {},
  ): CaseSpec => ({
    name: `grant ${name}`,
    method: 'PUT',
    path: `/identity/v3/projects/${project}/users/${user}/roles/${role}`,
    ...extra,
  });
  return [
    ...[
      {},
      { project: {} },
      { project: 'x' },
      { project: { name: '' } },
      { project: { name: 'p'.repeat(65) } },
      { project: { name: 'has space' } },
      { project: { name: 'ünï' } },
      { project: { name: 1 } },
      { project: { name: 'corpus-p1', description: 'd'.repeat(256) } },
      [],
      null,
    ].map((body) => post('projects', body, shown(body))),
    post('projects', { project: { name: 'admin' } }, 'named like an existing project'),
    post('projects', { project: { name: 'corpus-member-made' } }, 'by a member', {
      auth: 'member',
    }),
    post('projects', { project: { name: 'corpus-unscoped-made' } }, 'with an unscoped token', {
      auth: 'unscoped',
    }),
    ...[
      {},
      { user: {} },
      { user: { name: 'corpus-u1' } },
      { user: { name: 'corpus-u1', password: '' } },
      { user: { name: 'corpus-u1', password: 'x'.repeat(1025) } },
      { user: { name: 'bad name!', password: 'pw' } },
      { user: { name: 'corpus-u1', password: 5 } },
      { user: { name: 'corpus-u1', password: 'pw', default_project_id: 'no-such-project' } },
      { user: { name: 'corpus-u1', password: 'pw', default_project_id: 5 } },
      { user: 'corpus-u1' },
    ].map((body) => post('users', body, shown(body, 60))),
    post('users', { user: { name: 'admin', password: 'pw' } }, 'named like an existing user'),
    post('users', { user: { name: 'corpus-member-made', password: 'pw' } }, 'by a member', {
      auth: 'member',
    }),
    grant(t.memberProject, t.memberUser.id, 'superuser', 'of a role that does not exist'),
    grant('no-such-project', t.memberUser.id, 'member', 'on a project that does not exist'),
    grant(t.memberProject, 'no-such-user', 'member', 'to a user that does not exist'),
    grant(t.memberProject, t.memberUser.id, 'admin', 'of admin by the member to itself', {
      auth: 'member',
    }),
    grant(t.memberProject, t.memberUser.id, 'admin', 'of admin by a reader', { auth: 'reader' }),
    grant(t.adminProject, t.memberUser.id, 'admin', 'without a token', { auth: 'none' }),
    grant(t.memberProject, '%00', 'member', 'to a user id with a NUL'),
    ...changes(t),
    ...reads(t),
  ];
}

/** Reads: lists are admin's, another user or project is not found, filters are bounded. */
function reads(t: Targets): CaseSpec[] {
  const get = (path: string, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
    name: `read ${name}`,
    method: 'GET',
    path,
    ...extra,
  });
  return [
    get('/identity/v3/users', 'the user list as the member', { auth: 'member', status: [403] }),
    get('/identity/v3/projects', 'the project list as a reader', { auth: 'reader', status: [403] }),
    get('/identity/v3/users/no-such-user', 'a user that does not exist', { status: [404] }),
    get(`/identity/v3/projects/${t.adminProject}`, 'the admin project as the member', {
      auth: 'member',
      status: [404],
    }),
    get('/identity/v3/roles/superuser', 'a role that does not exist', { status: [404] }),
    get(`/identity/v3/users?name=${'n'.repeat(300)}`, 'users by a 300-character name', {
      status: [400],
    }),
    get('/identity/v3/role_assignments', 'every assignment as the member', {
      auth: 'member',
      status: [403],
    }),
    get('/identity/v3/role_assignments?role.id=superuser', 'assignments of no such role', {
      status: [400],
    }),
  ];
}

/** Updates and deletions that take tokens away: admin only, and never of nothing. */
function changes(t: Targets): CaseSpec[] {
  const user = `/identity/v3/users/${t.memberUser.id}`;
  const patch = (body: unknown, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
    name: `update user ${name}`,
    method: 'PATCH',
    path: user,
    body: json(body),
    ...extra,
  });
  const del = (path: string, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
    name: `delete ${name}`,
    method: 'DELETE',
    path,
    ...extra,
  });
  const role = (project: string, userRef: string, roleRef: string): string =>
    `/identity/v3/projects/${project}/users/${userRef}/roles/${roleRef}`;
  return [
    ...[
      {},
      { user: 'x' },
      { user: { enabled: 'no' } },
      { user: { enabled: null } },
      { user: { password: '' } },
      { user: { password: 5 } },
      { user: { password: 'x'.repeat(1025) } },
      [],
    ].map((body) => patch(body, shown(body, 60))),
    patch({ user: { enabled: false } }, 'disabling itself as the member', { auth: 'member' }),
    patch({ user: { password: 'new-one' } }, 'password by a reader', { auth: 'reader' }),
    patch({ user: { enabled: false } }, 'without a token', { auth: 'none' }),
    {
      ...patch({ user: { enabled: false } }, 'that does not exist'),
      path: '/identity/v3/users/no-such-user',
      status: [404],
    },
    del(user, 'the member user as the member', { auth: 'member', status: [403] }),
    del('/identity/v3/users/no-such-user', 'a user that does not exist', { status: [404] }),
    del(`/identity/v3/projects/${t.memberProject}`, 'the member project as the member', {
      auth: 'member',
      status: [403],
    }),
    del(`/identity/v3/projects/${t.memberProject}`, 'a project as a reader', { auth: 'reader' }),
    del('/identity/v3/projects/no-such-project', 'a project that does not exist', {
      status: [404],
    }),
    del(role(t.memberProject, t.memberUser.id, 'admin'), 'a role assignment that is not there', {
      status: [404],
    }),
    del(role(t.memberProject, t.memberUser.id, 'superuser'), 'a role that does not exist', {
      status: [400],
    }),
    del(role(t.memberProject, t.memberUser.id, 'member'), 'the member’s role as the member', {
      auth: 'member',
      status: [403],
    }),
  ];
}
