/** Who asked for a change and why; carried by every event in the log. */
export interface EventMetadata {
  request_id: string;
  user_id: string;
  project_id: string;
  correlation_id: string;
  /** The event id (or request id) that caused this event; null for a user's own request. */
  causation_id: string | null;
}
