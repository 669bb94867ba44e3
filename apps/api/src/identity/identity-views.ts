import { DEFAULT_DOMAIN, type ProjectRow, type UserRow } from './identity.types';

/** Keystone's project document. */
export function projectView(p: ProjectRow, identityUrl: string): object {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    domain_id: DEFAULT_DOMAIN.id,
    parent_id: DEFAULT_DOMAIN.id,
    enabled: true,
    is_domain: false,
    tags: [],
    options: {},
    links: { self: `${identityUrl}/projects/${p.id}` },
  };
}

/** Keystone's user document (never the password hash). */
export function userView(user: UserRow, identityUrl: string): object {
  return {
    id: user.id,
    name: user.name,
    domain_id: DEFAULT_DOMAIN.id,
    enabled: user.enabled,
    default_project_id: user.default_project_id,
    password_expires_at: null,
    options: {},
    links: { self: `${identityUrl}/users/${user.id}` },
  };
}
