import type { TokenClaims } from '../../identity/token.service';
import type { RoleName } from '../../request-context/request-context';

const ROLES: ReadonlySet<string> = new Set<RoleName>(['admin', 'member', 'reader']);

interface Named {
  id?: unknown;
  name?: unknown;
}

/** The part of Keystone's `{"token": {...}}` validation body Berth reads. */
interface KeystoneToken {
  user?: Named;
  project?: Named;
  roles?: unknown;
  methods?: unknown;
  expires_at?: unknown;
  issued_at?: unknown;
  audit_ids?: unknown;
}

/**
 * Claims from Keystone's answer to `GET /v3/auth/tokens`. Roles Berth's policy does not know are
 * dropped (Keystone already expands implied roles: admin carries member and reader). null for a
 * body that is not a token Berth can act on.
 */
export function claimsFromKeystone(body: unknown): TokenClaims | null {
  const token = (body as { token?: KeystoneToken } | null)?.token;
  if (typeof token !== 'object' || token === null) return null;
  const userId = token.user?.id;
  const expires = Date.parse(String(token.expires_at));
  if (typeof userId !== 'string' || !Number.isFinite(expires)) return null;
  const projectId = typeof token.project?.id === 'string' ? token.project.id : null;
  const roles = (Array.isArray(token.roles) ? (token.roles as unknown[]) : [])
    .map((role) => (role as Named | null)?.name)
    .filter((name): name is RoleName => typeof name === 'string' && ROLES.has(name));
  const issued = Date.parse(String(token.issued_at));
  const audits: unknown[] = Array.isArray(token.audit_ids) ? (token.audit_ids as unknown[]) : [];
  const audit = audits[0];
  return {
    user_id: userId,
    user_name: typeof token.user?.name === 'string' ? token.user.name : userId,
    project_id: projectId,
    project_name: typeof token.project?.name === 'string' ? token.project.name : null,
    roles: [...new Set(roles)],
    methods: (Array.isArray(token.methods) ? (token.methods as unknown[]) : []).filter(
      (m): m is string => typeof m === 'string',
    ),
    issued_at: Number.isFinite(issued) ? issued : Date.now(),
    expires_at: expires,
    audit_id: typeof audit === 'string' ? audit : '',
  };
}
