import { Refusal, shown } from '../../input';

/**
 * An ISO 8601 instant with a date and time. A bare date or a zoneless time is refused: the
 * server's zone would silently decide what the audit window means.
 */
export function instantOf(text: string): Date | Refusal {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
  const date = new Date(text);
  if (!iso.test(text) || Number.isNaN(date.getTime())) {
    return new Refusal(
      `expected an ISO 8601 time with a zone, e.g. 2025-01-01T12:00:00Z, got ${shown(text)}`,
    );
  }
  return date;
}
