import type { AuditActionsParams } from '../params/audit-actions.params';
import { nextPageLink } from '../../input';

/** The following page's URL: the same filters and direction, after `marker` (an action id). */
export function auditNextUrl(baseUrl: string, params: AuditActionsParams, marker: string): string {
  const f = params.filters;
  const filters: [string, string][] = [];
  if (f.project_id !== undefined) filters.push(['project_id', f.project_id]);
  if (f.user_id !== undefined) filters.push(['user_id', f.user_id]);
  if (f.action !== undefined) filters.push(['action', f.action]);
  if (f.result !== undefined) filters.push(['result', f.result]);
  if (f.since !== undefined) filters.push(['since', f.since.toISOString()]);
  if (f.until !== undefined) filters.push(['until', f.until.toISOString()]);
  const page = { sortKey: 'start_time', sortDir: params.sortDir, limit: params.limit };
  return nextPageLink(`${baseUrl}/v1/audit/actions`, page, filters, marker);
}
