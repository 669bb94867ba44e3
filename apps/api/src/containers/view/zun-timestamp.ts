/**
 * Formats an ISO instant the way Zun's API prints created_at/updated_at: its objects hold naive
 * UTC datetimes (DateTimeField tzinfo_aware=False) and pecan's JSON encoder calls `str()` on them,
 * so the wire shows `2025-01-01 12:00:00` — a space, no zone. Zun's MySQL DATETIME columns keep
 * whole seconds only, so the fraction is dropped too.
 */
export function zunTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
