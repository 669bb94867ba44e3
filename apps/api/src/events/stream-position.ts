import { START, type Position } from '@berth/drivers';
import { BadRequest } from '../errors/api-errors';
import { ClosedSchema } from '../errors/closed-schema';
import { QueryBoolean, QueryParam, Refusal, shown } from '../input';

/** PostgreSQL's xid8 and bigint both stop at 2^63 - 1; a larger number would fail in the query. */
const MAX_PART = 2n ** 63n - 1n;

const POSITION = /^(\d{1,19}):(\d{1,19})$/;

/** `commit:prepare` as events show it (`position`, the SSE `id:`); `0:0` is the log's start. */
export function streamPositionOf(text: string): Position | Refusal {
  const match = POSITION.exec(text);
  const commit = match ? BigInt(match[1]) : null;
  const prepare = match ? BigInt(match[2]) : null;
  if (commit === null || prepare === null || commit > MAX_PART || prepare > MAX_PART) {
    return new Refusal(`expected a log position commit:prepare, e.g. 1234:56, got ${shown(text)}`);
  }
  return { commit, prepare };
}

/** GET /v1/containers/{ident}/events/stream?after=C:P. */
@ClosedSchema()
export class ContainerEventStreamQuery {
  @QueryParam(streamPositionOf) after?: Position;
}

/** GET /v1/events/stream?after=C:P&all_projects=true. */
@ClosedSchema()
export class ProjectEventStreamQuery {
  @QueryParam(streamPositionOf) after?: Position;
  @QueryBoolean() all_projects?: boolean;
}

/**
 * Where a stream starts: after `Last-Event-ID` when the client sends one, else after `after`,
 * else at the log's start. The header wins because a browser's EventSource reconnects to the same
 * URL (with the first `after`) and adds the id of the last event it received.
 */
export function resumePosition(
  after: Position | undefined,
  lastEventId: string | string[] | undefined,
): Position {
  if (lastEventId === undefined) return after ?? START;
  const text = Array.isArray(lastEventId) ? lastEventId.join(',') : lastEventId;
  const parsed = streamPositionOf(text.trim());
  if (parsed instanceof Refusal)
    throw new BadRequest(`Invalid Last-Event-ID header: ${parsed.problem}.`);
  return parsed;
}
