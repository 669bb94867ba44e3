import { ListQuery } from '../input';

/** Columns a container's action log may be sorted on (default: when each started). */
export const ACTION_SORT_KEYS = ['start_time', 'request_id', 'action'] as const;
export type ActionSortKey = (typeof ACTION_SORT_KEYS)[number];

/** GET /v1/containers/X/container_actions: the paging every list takes; the marker a request id. */
export class ListActionsQuery extends ListQuery(ACTION_SORT_KEYS) {}
