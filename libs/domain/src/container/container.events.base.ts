import { DomainEvent } from '../shared';

/** Every container event is schema version 1 today; a v2 would be upcast on read, never rewritten. */
export type ContainerEventV1<TType extends string, TData extends object> = DomainEvent<
  TType,
  TData
> & { version: 1 };

/**
 * Every event carries `at` (ISO 8601), when the fact happened as the writer saw it. The store's
 * append time is not the same thing (a retry or a slow compute appends later), and the action log
 * needs the real start and finish times.
 */
export interface Timed {
  at: string;
}

/**
 * Request and outcome of one action share `request_id` in the data, so the domain can pair them
 * without reading metadata (which carries it too).
 */
export interface RequestScoped extends Timed {
  request_id: string;
}

/** Every failed outcome says why, in words the user sees as `status_reason`. */
export interface Failure extends RequestScoped {
  reason: string;
}
