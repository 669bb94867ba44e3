import type { RoleName } from '../request-context/request-context';

export const ROLE_NAMES: readonly RoleName[] = ['admin', 'member', 'reader'];

/** Berth's identity has one domain, Keystone's default one. */
export const DEFAULT_DOMAIN = { id: 'default', name: 'Default' } as const;

export interface ProjectRow {
  id: string;
  name: string;
  description: string;
}

export interface UserRow {
  id: string;
  name: string;
  password_hash: string;
  default_project_id: string | null;
  enabled: boolean;
}

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}

export interface AssignmentRow {
  user_id: string;
  user_name: string;
  project_id: string;
  project_name: string;
  role: RoleName;
}
