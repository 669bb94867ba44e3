import { ClosedSchema } from '../errors/closed-schema';
import { QueryBoolean } from './query-values';

/** A route that takes no query parameters: any given is refused, as Zun's closed schemas do. */
@ClosedSchema()
export class NoQuery {}

/**
 * Only `all_projects`, which python-zunclient sends with show (and Berth accepts wherever a
 * container is looked up): an admin's lookup spans every project anyway, as in Zun.
 */
@ClosedSchema()
export class AllProjectsQuery {
  @QueryBoolean() all_projects?: boolean;
}
