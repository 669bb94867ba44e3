/** Who asked for a change and why; carried by every event in the log. */
export interface EventMetadata {
  /**
   * The id Berth made for the request (`req-<uuid>`, echoed in `x-openstack-request-id`), or a
   * name Berth gave its own work (`req-heal-…`, `observed-…`). Never a value a client chose.
   */
  request_id: string;
  /**
   * The caller's own `X-Openstack-Request-Id`, kept as oslo.middleware keeps it (its
   * `global_request_id`): only in the `req-<uuid>` form, otherwise dropped. Metadata for a reader
   * tracing a request across services; never a key, it may repeat. Null when none was sent, for
   * Berth's own events, and for events written before Berth kept it (see upcastEventMetadata).
   */
  global_request_id: string | null;
  user_id: string;
  project_id: string;
  correlation_id: string;
  /** The event id (or request id) that caused this event; null for a user's own request. */
  causation_id: string | null;
}

/** Metadata as events written before `global_request_id` existed carry it. */
export type StoredEventMetadata = Omit<EventMetadata, 'global_request_id'> &
  Partial<Pick<EventMetadata, 'global_request_id'>>;

/**
 * Reads stored metadata in today's shape: an event written before Berth kept the caller's request
 * id reads with `global_request_id: null`. The log is never rewritten; current metadata comes back
 * as the very same object.
 */
export function upcastEventMetadata(metadata: StoredEventMetadata): EventMetadata {
  if (metadata.global_request_id !== undefined) return metadata as EventMetadata;
  return { ...metadata, global_request_id: null };
}

/**
 * Metadata for an event Berth records on its own (a fact Docker reported, a reconciliation, a
 * given-up attempt): it is filed under the container's owner, so their action log shows it.
 */
export function onBehalfOf(
  owner: { user_id: string; project_id: string },
  request_id: string,
  correlation_id: string,
): EventMetadata {
  const { user_id, project_id } = owner;
  return {
    request_id,
    global_request_id: null,
    user_id,
    project_id,
    correlation_id,
    causation_id: null,
  };
}
