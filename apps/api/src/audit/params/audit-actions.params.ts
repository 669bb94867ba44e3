import { CONTAINER_ACTIONS, type ContainerActionName } from '@berth/domain';
import { BadRequest } from '../../errors/api-errors';
import { parseInstant, parseLimit, refuseUnknown, single, type RawQuery } from './query-values';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

/** `pending`: the request is in the log, its outcome is not yet. */
export const AUDIT_RESULTS = ['Success', 'Error', 'pending'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export interface AuditFilters {
  project_id?: string;
  user_id?: string;
  action?: ContainerActionName;
  result?: AuditResult;
  /** Inclusive lower bound on the action's start time. */
  since?: Date;
  /** Exclusive upper bound on the action's start time, so adjacent windows never overlap. */
  until?: Date;
}

export interface AuditActionsParams {
  filters: AuditFilters;
  /** Page size; null for the NDJSON export, which has no cap. */
  limit: number | null;
  /** The id of the last action of the previous page. */
  marker: string | null;
  sortDir: 'asc' | 'desc';
}

const FILTER_KEYS = ['project_id', 'user_id', 'action', 'result', 'since', 'until'] as const;

/** GET /v1/audit/actions (paged) or /v1/audit/actions.ndjson (`paged: false`); throws BadRequest. */
export function parseAuditActionsParams(query: RawQuery, paged = true): AuditActionsParams {
  refuseUnknown(query, [...FILTER_KEYS, 'sort_dir', 'marker', ...(paged ? ['limit'] : [])]);
  return {
    filters: parseFilters(query),
    limit: paged ? parseLimit(single(query, 'limit'), DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT) : null,
    marker: single(query, 'marker') ?? null,
    sortDir: parseSortDir(single(query, 'sort_dir')),
  };
}

function parseFilters(query: RawQuery): AuditFilters {
  const filters: AuditFilters = {};
  const project = single(query, 'project_id');
  if (project !== undefined) filters.project_id = project;
  const user = single(query, 'user_id');
  if (user !== undefined) filters.user_id = user;
  const action = single(query, 'action');
  if (action !== undefined) filters.action = oneOf(action, CONTAINER_ACTIONS, 'action');
  const result = single(query, 'result');
  if (result !== undefined) filters.result = oneOf(result, AUDIT_RESULTS, 'result');
  const since = single(query, 'since');
  if (since !== undefined) filters.since = parseInstant(since, 'since');
  const until = single(query, 'until');
  if (until !== undefined) filters.until = parseInstant(until, 'until');
  if (filters.since && filters.until && filters.since >= filters.until) {
    throw new BadRequest('The query parameter since must be earlier than until.');
  }
  return filters;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new BadRequest(
      `Invalid value '${value}' for query parameter ${name}: expected one of ${allowed.join(', ')}.`,
    );
  }
  return value as T;
}

function parseSortDir(value: string | undefined): 'asc' | 'desc' {
  // Newest first by default: an audit is usually read from the latest action back.
  if (value === undefined) return 'desc';
  if (value !== 'asc' && value !== 'desc') {
    throw new BadRequest(`Invalid sort direction: ${value}. Acceptable values are 'asc' or 'desc'`);
  }
  return value;
}
