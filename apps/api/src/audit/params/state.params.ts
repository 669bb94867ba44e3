import { parsePosition, type Position } from '@berth/drivers';
import { BadRequest } from '../../errors/api-errors';
import { ClosedSchema } from '../../errors/closed-schema';
import { QueryParam, Refusal, shown } from '../../input';
import { instantOf } from './query-values';

/** The point in a stream's history to replay up to, inclusive. */
export type StatePoint = { kind: 'position'; position: Position } | { kind: 'time'; time: Date };

function positionOf(text: string): Position | Refusal {
  try {
    return parsePosition(text);
  } catch {
    return new Refusal(`expected commit:prepare, e.g. 1234:56, got ${shown(text)}`);
  }
}

/** GET /v1/containers/{ident}/state?at_position=C:P | ?at_time=ISO. */
@ClosedSchema()
export class StateQuery {
  @QueryParam(positionOf) at_position?: Position;
  @QueryParam(instantOf) at_time?: Date;
}

/**
 * Exactly one is required: the present state is GET /v1/containers/{ident}, and guessing which of
 * two points wins would hide a client's mistake.
 */
export function statePoint(query: StateQuery): StatePoint {
  const { at_position: position, at_time: time } = query;
  if ((position === undefined) === (time === undefined)) {
    throw new BadRequest('Give exactly one of the query parameters at_position and at_time.');
  }
  return position !== undefined
    ? { kind: 'position', position }
    : { kind: 'time', time: time as Date };
}
