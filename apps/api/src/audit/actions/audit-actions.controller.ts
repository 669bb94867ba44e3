import { Controller, Get, Query, Res } from '@nestjs/common';
import type { ContainerActionRow } from '@berth/drivers';
import { ApiConfig } from '../../config/api-config';
import { Policy, PolicyEnforcer } from '../../policy';
import { Ctx, RequestContext, type HttpResponse } from '../../request-context';
import {
  AuditActionsQuery,
  AuditExportQuery,
  DEFAULT_AUDIT_LIMIT,
  auditActionsParams,
} from '../params/audit-actions.params';
import { AuditActionQueries } from './audit-action-queries';
import { toAuditActionView, type AuditActionView } from './audit-action.view';
import { auditNextUrl } from './audit-next-url';
import { auditScope } from './audit-scope';
import { writeNdjson } from './ndjson';

export interface AuditActionPage {
  actions: AuditActionView[];
  /** The following page's URL, or null on a short (last) page. */
  next: string | null;
}

/** Beyond Zun: every container action of a project (or, for admins, of the cloud). */
@Controller('v1/audit')
export class AuditActionsController {
  constructor(
    private readonly queries: AuditActionQueries,
    private readonly config: ApiConfig,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Get('actions')
  @Policy('audit:actions:get_all')
  async list(
    @Query() query: AuditActionsQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditActionPage> {
    const params = auditActionsParams(query);
    const scope = auditScope(params.filters, ctx, this.policy);
    const after = params.marker === null ? null : await this.queries.cursorOf(params.marker, scope);
    const limit = params.limit ?? DEFAULT_AUDIT_LIMIT;
    const rows = await this.queries.page(params, scope, limit, after);
    const last = rows[rows.length - 1];
    const full = last !== undefined && rows.length === limit;
    const disclosure = this.policy.disclosure(ctx);
    return {
      actions: rows.map((row) => toAuditActionView(row, disclosure)),
      next: full ? auditNextUrl(this.config.publicUrl, params, last.id) : null,
    };
  }

  /** Same filters, no page cap; checked before the first byte so refusals keep Zun's error body. */
  @Get('actions.ndjson')
  @Policy('audit:actions:get_all')
  async export(
    @Query() query: AuditExportQuery,
    @Ctx() ctx: RequestContext,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const params = auditActionsParams(query);
    const scope = auditScope(params.filters, ctx, this.policy);
    const after = params.marker === null ? null : await this.queries.cursorOf(params.marker, scope);
    const disclosure = this.policy.disclosure(ctx);
    const view = (row: ContainerActionRow): AuditActionView => toAuditActionView(row, disclosure);
    await writeNdjson(res, mapBatches(this.queries.all(params, scope, after), view));
  }
}

async function* mapBatches<T, U>(
  batches: AsyncIterable<T[]>,
  map: (item: T) => U,
): AsyncGenerator<U[]> {
  for await (const batch of batches) yield batch.map(map);
}
