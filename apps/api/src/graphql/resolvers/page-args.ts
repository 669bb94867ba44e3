import { BadRequest } from '../../errors/api-errors';
import { MAX_PAGE } from '../limits/limits';

/** A `first` outside 1..MAX_PAGE is refused rather than clamped, so a client notices. */
export function checkedFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new BadRequest(`first must be between 1 and ${MAX_PAGE}; got ${first}.`);
  }
  return first;
}
