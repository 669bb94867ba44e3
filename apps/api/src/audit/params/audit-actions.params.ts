import { CONTAINER_ACTIONS, type ContainerActionName } from '@berth/domain';
import { BadRequest } from '../../errors/api-errors';
import { ClosedSchema } from '../../errors/closed-schema';
import { QueryEnum, QueryParam, QueryText, SORT_DIRS, limitOf, type SortDir } from '../../input';
import { instantOf } from './query-values';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

/** `pending`: the request is in the log, its outcome is not yet. */
export const AUDIT_RESULTS = ['Success', 'Error', 'pending'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** The audit is in the order actions started; the request id breaks ties. */
export const AUDIT_SORT_KEYS = ['start_time'] as const;

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
  sortDir: SortDir;
}

/** GET /v1/audit/actions.ndjson: the filters, a marker and the direction; no page size. */
@ClosedSchema()
export class AuditExportQuery {
  @QueryText() project_id?: string;
  @QueryText() user_id?: string;
  @QueryEnum(CONTAINER_ACTIONS) action?: ContainerActionName;
  @QueryEnum(AUDIT_RESULTS) result?: AuditResult;
  @QueryParam(instantOf) since?: Date;
  @QueryParam(instantOf) until?: Date;
  @QueryText() marker?: string;
  @QueryEnum(AUDIT_SORT_KEYS) sort_key?: (typeof AUDIT_SORT_KEYS)[number];
  @QueryEnum(SORT_DIRS) sort_dir?: SortDir;
}

/** GET /v1/audit/actions: the same, paged. */
export class AuditActionsQuery extends AuditExportQuery {
  @QueryParam(limitOf) limit?: number;
}

/** The query as the audit reads it; throws BadRequest for a window that ends before it starts. */
export function auditActionsParams(
  query: AuditExportQuery | AuditActionsQuery,
): AuditActionsParams {
  const filters: AuditFilters = {};
  if (query.project_id !== undefined) filters.project_id = query.project_id;
  if (query.user_id !== undefined) filters.user_id = query.user_id;
  if (query.action !== undefined) filters.action = query.action;
  if (query.result !== undefined) filters.result = query.result;
  if (query.since !== undefined) filters.since = query.since;
  if (query.until !== undefined) filters.until = query.until;
  if (filters.since && filters.until && filters.since >= filters.until) {
    throw new BadRequest('The query parameter since must be earlier than until.');
  }
  const paged = query instanceof AuditActionsQuery;
  return {
    filters,
    limit: paged ? Math.min(query.limit ?? DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT) : null,
    marker: query.marker ?? null,
    // Newest first by default: an audit is usually read from the latest action back.
    sortDir: query.sort_dir ?? 'desc',
  };
}
