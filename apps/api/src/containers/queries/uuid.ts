const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` can be looked up in the `uuid` column. Checked first because PostgreSQL
 * rejects a malformed uuid literal with an error rather than matching nothing.
 */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
