/**
 * The part of a stored event an upcaster reads and rewrites. Structural, so the domain stays free
 * of the drivers package: the store's RecordedEvent (with stream, position, metadata...) fits it,
 * and an upcaster hands every other field back untouched.
 */
export interface StoredEventShape {
  type: string;
  version: number;
  data: object;
}

/** One step from version `from` to `from + 1` of one event type. Pure. */
export interface UpcastStep {
  readonly type: string;
  readonly from: number;
  readonly upcast: (data: object) => object;
}
