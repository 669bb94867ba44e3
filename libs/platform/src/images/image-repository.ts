import {
  evolveImage,
  imageStream,
  initialImageState,
  isImageEvent,
  type EventMetadata,
  type ImageEvent,
  type ImageState,
} from '@berth/domain';
import type { AppendResult, EventStore, ExpectedRevision } from '@berth/drivers';
import { readWholeStream, type WholeStream } from '../event-store/read-whole-stream';

/** An image's stream folded into its state, with what is needed to append after it. */
export interface LoadedImage extends Omit<WholeStream, 'recorded'> {
  state: ImageState;
}

/** Loads and appends the image aggregate, for the API and compute alike. */
export class ImageRepository {
  constructor(private readonly store: EventStore) {}

  async load(uuid: string): Promise<LoadedImage> {
    const { recorded, revision, position } = await readWholeStream(this.store, imageStream(uuid));
    const state = recorded.filter(isImageEvent).reduce(evolveImage, initialImageState);
    return { state, revision, position };
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
