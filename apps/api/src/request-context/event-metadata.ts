import type { EventMetadata } from '@berth/domain';
import type { RequestContext } from './request-context';

/** Who asked, as every event a request appends records it, whichever feature writes. */
export function metadataOf(ctx: RequestContext): EventMetadata {
  return {
    request_id: ctx.request_id,
    global_request_id: ctx.global_request_id,
    user_id: ctx.user_id ?? 'anonymous',
    project_id: ctx.project_id ?? 'none',
    correlation_id: ctx.request_id,
    causation_id: null,
  };
}
