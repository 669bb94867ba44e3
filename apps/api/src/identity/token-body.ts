import { createHash } from 'node:crypto';
import { DEFAULT_DOMAIN } from './identity.types';
import type { TokenClaims } from './token.service';

/** Stable ids for things Keystone would store (roles, the service, endpoints) but Berth derives. */
function derivedId(kind: string, name: string): string {
  return createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 32);
}

/** Keystone's timestamp shape: `2026-01-01T00:00:00.000000Z`. */
function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export const REGION = 'RegionOne';

function service(type: string, name: string, url: string): object {
  const endpoints = (['public', 'internal', 'admin'] as const).map((iface) => ({
    id: derivedId('endpoint', `${name}:${iface}`),
    interface: iface,
    region: REGION,
    region_id: REGION,
    url,
  }));
  return { id: derivedId('service', name), type, name, endpoints };
}

/**
 * The catalog: the `container` service (name `zun`), and `identity` (name `keystone`), which the
 * openstack CLI looks up before any project, user or role command.
 */
export function catalog(zunEndpoint: string, identityEndpoint: string): object[] {
  return [
    service('container', 'zun', zunEndpoint),
    service('identity', 'keystone', identityEndpoint),
  ];
}

/** Keystone v3's token document (what keystoneauth reads off POST/GET /auth/tokens). */
export function tokenBody(
  claims: TokenClaims,
  zunEndpoint: string,
  identityEndpoint: string,
): { token: object } {
  const token: Record<string, unknown> = {
    methods: claims.methods,
    user: {
      id: claims.user_id,
      name: claims.user_name,
      domain: { ...DEFAULT_DOMAIN },
      password_expires_at: null,
    },
    audit_ids: [claims.audit_id],
    issued_at: keystoneTime(claims.issued_at),
    expires_at: keystoneTime(claims.expires_at),
  };
  if (claims.project_id !== null) {
    token.project = {
      id: claims.project_id,
      name: claims.project_name,
      domain: { ...DEFAULT_DOMAIN },
    };
    token.is_domain = false;
    token.roles = claims.roles.map((name) => ({ id: derivedId('role', name), name }));
    token.catalog = catalog(zunEndpoint, identityEndpoint);
  }
  return { token };
}

/** Keystone's role document for one of Berth's three roles. */
export function roleView(name: string, identityUrl: string): object {
  const id = derivedId('role', name);
  return {
    id,
    name,
    domain_id: null,
    description: null,
    options: {},
    links: { self: `${identityUrl}/roles/${id}` },
  };
}

/** Role references accept Keystone's role id as well as the name. */
export function roleNameFromRef(ref: string): string {
  for (const name of ['admin', 'member', 'reader']) {
    if (ref === name || ref === derivedId('role', name)) return name;
  }
  return ref;
}
