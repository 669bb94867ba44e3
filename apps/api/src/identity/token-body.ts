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

/** The catalog: one `container` service (name `zun`) with the three usual interfaces. */
export function catalog(zunEndpoint: string): object[] {
  const endpoints = (['public', 'internal', 'admin'] as const).map((iface) => ({
    id: derivedId('endpoint', iface),
    interface: iface,
    region: REGION,
    region_id: REGION,
    url: zunEndpoint,
  }));
  return [{ id: derivedId('service', 'zun'), type: 'container', name: 'zun', endpoints }];
}

/** Keystone v3's token document (what keystoneauth reads off POST/GET /auth/tokens). */
export function tokenBody(claims: TokenClaims, zunEndpoint: string): { token: object } {
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
    token.catalog = catalog(zunEndpoint);
  }
  return { token };
}

/** Role references accept Keystone's role id as well as the name. */
export function roleNameFromRef(ref: string): string {
  for (const name of ['admin', 'member', 'reader']) {
    if (ref === name || ref === derivedId('role', name)) return name;
  }
  return ref;
}
