/** The parts of a token a revocation can match; TokenClaims has them all. */
export interface RevocableToken {
  user_id: string;
  project_id: string | null;
  issued_at: number;
  audit_id: string;
}

/**
 * One revocation, as Keystone's revocation events: it matches every token whose given fields all
 * equal its own and that was issued at or before `issued_before` (epoch ms). Kinds in use:
 * - `audit_id` alone: one token (DELETE /auth/tokens);
 * - `user_id` alone: a user disabled, deleted or given a new password;
 * - `project_id` alone: a project deleted;
 * - `user_id` + `project_id`: a role assignment removed.
 */
export interface RevocationEvent {
  audit_id?: string;
  user_id?: string;
  project_id?: string;
  issued_before: number;
}

/**
 * Revocation events held in memory and looked up by key, so checking a token costs four Map
 * lookups whatever the number of events. An event outlives every token it can match by at most
 * one token lifetime (renewal keeps the original expiry, so no token issued at or before
 * `issued_before` lives past `issued_before + ttl`); `prune` drops it after that.
 */
export class RevocationIndex {
  private readonly byAudit = new Map<string, number>();
  private readonly byUser = new Map<string, number>();
  private readonly byProject = new Map<string, number>();
  private readonly byGrant = new Map<string, number>();

  constructor(private readonly ttlMs: number) {}

  add(event: RevocationEvent): void {
    const map = this.mapFor(event);
    if (map === null) return;
    const key = keyOf(event);
    const known = map.get(key);
    if (known === undefined || known < event.issued_before) map.set(key, event.issued_before);
  }

  isRevoked(token: RevocableToken): boolean {
    const at = token.issued_at;
    if (covers(this.byAudit.get(token.audit_id), at)) return true;
    if (covers(this.byUser.get(token.user_id), at)) return true;
    if (token.project_id === null) return false;
    if (covers(this.byProject.get(token.project_id), at)) return true;
    return covers(this.byGrant.get(`${token.user_id}/${token.project_id}`), at);
  }

  /** Forgets events no living token can match any more. */
  prune(now: number): void {
    const horizon = now - this.ttlMs;
    for (const map of [this.byAudit, this.byUser, this.byProject, this.byGrant]) {
      for (const [key, before] of map) if (before < horizon) map.delete(key);
    }
  }

  clear(): void {
    for (const map of [this.byAudit, this.byUser, this.byProject, this.byGrant]) map.clear();
  }

  get size(): number {
    return this.byAudit.size + this.byUser.size + this.byProject.size + this.byGrant.size;
  }

  private mapFor(event: RevocationEvent): Map<string, number> | null {
    if (event.audit_id !== undefined) return this.byAudit;
    if (event.user_id !== undefined && event.project_id !== undefined) return this.byGrant;
    if (event.user_id !== undefined) return this.byUser;
    if (event.project_id !== undefined) return this.byProject;
    return null;
  }
}

function keyOf(event: RevocationEvent): string {
  if (event.audit_id !== undefined) return event.audit_id;
  if (event.user_id !== undefined && event.project_id !== undefined) {
    return `${event.user_id}/${event.project_id}`;
  }
  return event.user_id ?? event.project_id ?? '';
}

function covers(issuedBefore: number | undefined, issuedAt: number): boolean {
  return issuedBefore !== undefined && issuedAt <= issuedBefore;
}

/** A revocation event read back from JSON (a NOTIFY payload): null unless it is well formed. */
export function parseRevocationEvent(raw: unknown): RevocationEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.issued_before !== 'number' || !Number.isFinite(r.issued_before)) return null;
  const event: RevocationEvent = { issued_before: r.issued_before };
  for (const field of ['audit_id', 'user_id', 'project_id'] as const) {
    const value = r[field];
    if (typeof value === 'string') event[field] = value;
    else if (value !== undefined && value !== null) return null;
  }
  return (event.audit_id ?? event.user_id ?? event.project_id) ? event : null;
}
