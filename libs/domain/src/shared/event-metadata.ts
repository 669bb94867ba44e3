/** Who asked for a change and why; carried by every event in the log. */
export interface EventMetadata {
  request_id: string;
  user_id: string;
  project_id: string;
  correlation_id: string;
  /** The event id (or request id) that caused this event; null for a user's own request. */
  causation_id: string | null;
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
  return { request_id, user_id, project_id, correlation_id, causation_id: null };
}
