import type { AuditActionsParams } from '../params/audit-actions.params';
import { queryString } from '../../input';

/** The following page's URL: the same filters and direction, after `marker` (an action id). */
export function auditNextUrl(baseUrl: string, params: AuditActionsParams, marker: string): string {
  const f = params.filters;
  const pairs: [string, string][] = [];
  if (f.project_id !== undefined) pairs.push(['project_id', f.project_id]);
  if (f.user_id !== undefined) pairs.push(['user_id', f.user_id]);
  if (f.action !== undefined) pairs.push(['action', f.action]);
  if (f.result !== undefined) pairs.push(['result', f.result]);
  if (f.since !== undefined) pairs.push(['since', f.since.toISOString()]);
  if (f.until !== undefined) pairs.push(['until', f.until.toISOString()]);
  pairs.push(['sort_dir', params.sortDir]);
  if (params.limit !== null) pairs.push(['limit', String(params.limit)]);
  pairs.push(['marker', marker]);
  return `${baseUrl}/v1/audit/actions?${queryString(pairs)}`;
}
