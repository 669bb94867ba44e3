import type { StoredEventShape, UpcastStep } from './stored-event';
import { stopRequestedV0ToV1 } from './stop-requested-v0';

/** Every known step; a new version adds one step here and nothing else changes. */
const STEPS: readonly UpcastStep[] = [stopRequestedV0ToV1];

const byKey = new Map<string, UpcastStep>(STEPS.map((step) => [`${step.type}@${step.from}`, step]));

/**
 * Brings an old container event up to the version the domain reads today, one step at a time.
 * Applied on every read of the log (never rewritten in place): events already current, of
 * another aggregate, or of a version nothing knows come back as the very same object.
 */
export function upcastContainerEvent<E extends StoredEventShape>(event: E): E {
  let current = event;
  for (;;) {
    const step = byKey.get(`${current.type}@${current.version}`);
    if (!step) return current;
    current = { ...current, version: step.from + 1, data: step.upcast(current.data) };
  }
}
