import {
  evolveImage,
  imageStream,
  initialImageState,
  isImageEvent,
  type EventMetadata,
  type ImageEvent,
  type ImageState,
} from '@berth/domain';
import {
  StreamNotFoundError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type Position,
} from '@berth/drivers';

/** An image's stream folded into its state, with what is needed to append after it. */
export interface LoadedImage {
  state: ImageState;
  /** Expected revision for the next append. */
  revision: ExpectedRevision;
  /** Log position of the last event, for read-your-writes; null for an empty stream. */
  position: Position | null;
}

/** Loads and appends the image aggregate, for the API and compute alike. */
export class ImageRepository {
  constructor(private readonly store: EventStore) {}

  async load(uuid: string): Promise<LoadedImage> {
    try {
      const recorded = await this.store.readStream(imageStream(uuid));
      const last = recorded[recorded.length - 1];
      return {
        state: recorded.filter(isImageEvent).reduce(evolveImage, initialImageState),
        revision: last.revision,
        position: last.position,
      };
    } catch (error) {
      if (error instanceof StreamNotFoundError)
        return { state: initialImageState, revision: 'no_stream', position: null };
      throw error;
    }
  }

  append(
    uuid: string,
    events: readonly ImageEvent[],
    revision: ExpectedRevision,
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    const stamped = events.map((event) => ({ ...event, metadata }));
    return this.store.append(imageStream(uuid), stamped, revision);
  }
}
