import { ClosedSchema } from '../errors/closed-schema';
import { ListQuery, QueryBoolean, QueryText } from '../input';

/** A service is named by its host and binary (Zun's unique key). */
export interface ServiceKey {
  host: string;
  binary: string;
}

/** Zun's services `hostname` type: letters, digits, `-`, `.` and `_`, up to 255. */
const HOST = {
  pattern: /^[a-zA-Z0-9._-]+$/,
  patternText: 'a host name: letters, digits, -, . and _',
};

/**
 * `host` and `binary`, both required on every write (Zun's schemas leave them optional and its
 * code then fails on the missing key).
 */
@ClosedSchema()
export class ServiceKeyQuery implements ServiceKey {
  @QueryText(HOST, { required: true }) host!: string;
  @QueryText({}, { required: true }) binary!: string;
}

/** PUT /v1/services/disable: Zun's query_param_disable (the reason is a 255-character column). */
export class DisableServiceQuery extends ServiceKeyQuery {
  @QueryText() disabled_reason?: string;
}

/** PUT /v1/services/force_down: Zun's query_param_force_down (its narrow boolean), required. */
export class ForceDownQuery extends ServiceKeyQuery {
  @QueryBoolean('strict', { required: true }) forced_down!: boolean;
}

/** Columns a service list may be sorted on (Zun's is always by id). */
export const SERVICE_SORT_KEYS = ['id', 'host', 'binary', 'created_at', 'updated_at'] as const;
export type ServiceSortKey = (typeof SERVICE_SORT_KEYS)[number];

/** GET /v1/services: the paging every list takes; the marker is a service's id. */
export class ListServicesQuery extends ListQuery(SERVICE_SORT_KEYS) {}

export function keyOf(query: ServiceKeyQuery): ServiceKey {
  return { host: query.host, binary: query.binary };
}
