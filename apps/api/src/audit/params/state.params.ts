import { parsePosition, type Position } from '@berth/drivers';
import { BadRequest } from '../../errors/api-errors';
import { parseInstant, refuseUnknown, single, type RawQuery } from './query-values';

/** The point in a stream's history to replay up to, inclusive. */
export type StatePoint = { kind: 'position'; position: Position } | { kind: 'time'; time: Date };

/**
 * GET /v1/containers/{ident}/state?at_position=C:P | ?at_time=ISO. Exactly one is required: the
 * present state is GET /v1/containers/{ident}, and guessing which of two points wins would hide a
 * client's mistake.
 */
export function parseStateParams(query: RawQuery): StatePoint {
  refuseUnknown(query, ['at_position', 'at_time']);
  const position = single(query, 'at_position');
  const time = single(query, 'at_time');
  if ((position === undefined) === (time === undefined)) {
    throw new BadRequest('Give exactly one of the query parameters at_position and at_time.');
  }
  if (position !== undefined) {
    try {
      return { kind: 'position', position: parsePosition(position) };
    } catch {
      throw new BadRequest(
        `Invalid value '${position}' for query parameter at_position: expected commit:prepare, e.g. 1234:56.`,
      );
    }
  }
  return { kind: 'time', time: parseInstant(time as string, 'at_time') };
}
