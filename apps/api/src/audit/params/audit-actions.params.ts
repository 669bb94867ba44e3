import { CONTAINER_ACTIONS, type ContainerActionName } from '@berth/domain';
import { BadRequest } from '../../errors/api-errors';
import {
  QueryEnum,
  QueryParam,
  QueryText,
  SortedQuery,
  limitOf,
  pageOf,
  type SortDir,
} from '../../input';
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

/** The audit's filters as REST's query and GraphQL's filter both give them, values checked. */
export type AuditFilterFields = { [K in keyof AuditFilters]?: AuditFilters[K] | null };

/** GET /v1/audit/actions.ndjson: the filters, a marker and the direction; no page size. */
export class AuditExportQuery extends SortedQuery(AUDIT_SORT_KEYS) implements AuditFilterFields {
  @QueryText() project_id?: string;
  @QueryText() user_id?: string;
  @QueryEnum(CONTAINER_ACTIONS) action?: ContainerActionName;
  @QueryEnum(AUDIT_RESULTS) result?: AuditResult;
  @QueryParam(instantOf) since?: Date;
  @QueryParam(instantOf) until?: Date;
}

/** GET /v1/audit/actions: the same, paged. */
export class AuditActionsQuery extends AuditExportQuery {
  @QueryParam(limitOf) limit?: number;
}

/**
 * The one reading of the audit's filters, for REST and GraphQL alike; throws BadRequest for a
 * window that ends before it starts.
 */
export function auditFiltersOf(fields: AuditFilterFields): AuditFilters {
  const filters: AuditFilters = {};
  if (fields.project_id != null) filters.project_id = fields.project_id;
  if (fields.user_id != null) filters.user_id = fields.user_id;
  if (fields.action != null) filters.action = fields.action;
  if (fields.result != null) filters.result = fields.result;
  if (fields.since != null) filters.since = fields.since;
  if (fields.until != null) filters.until = fields.until;
  if (filters.since && filters.until && filters.since >= filters.until) {
    throw new BadRequest('The query parameter since must be earlier than until.');
  }
  return filters;
}

/** The query as the audit reads it: newest first by default, as an audit is usually read. */
export function auditActionsParams(
  query: AuditExportQuery | AuditActionsQuery,
): AuditActionsParams {
  const page = pageOf(query, {
    sortKey: 'start_time',
    sortDir: 'desc',
    limit: DEFAULT_AUDIT_LIMIT,
    maxLimit: MAX_AUDIT_LIMIT,
  });
  return {
    filters: auditFiltersOf(query),
    limit: query instanceof AuditActionsQuery ? page.limit : null,
    marker: page.marker,
    sortDir: page.sortDir,
  };
}
