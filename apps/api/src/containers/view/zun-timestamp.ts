const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Formats an ISO instant the way Zun's API prints created_at/updated_at: its objects hold naive
 * UTC datetimes (DateTimeField tzinfo_aware=False) and pecan's JSON encoder calls `str()` on them,
 * so the wire shows `2025-01-01 12:00:00` — a space, no zone. Zun's MySQL DATETIME columns keep
 * whole seconds only, so the fraction is dropped too.
 */
export function zunTimestamp(iso: string): string {
  // The log's own instants (toISOString: UTC, `Z`) are cut as they are: a list page formats
  // thousands of them, and parsing each into a Date was a measurable share of the page.
  if (UTC_ISO.test(iso)) return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
