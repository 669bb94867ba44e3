import { Inject, Injectable } from '@nestjs/common';
import {
  decideImage,
  evolveImage,
  imageStream,
  initialImageState,
  isImageEvent,
  type ImageCommand,
  type ImageState,
} from '@berth/domain';
import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventStore,
  type ExpectedRevision,
  type Position,
} from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { Conflict } from '../errors';
import { ProjectionWaiter } from '../read-your-writes';
import { metadataOf, type RequestContext } from '../request-context';

const ATTEMPTS = 3;
const OUTCOME_WAIT_MS = 15_000;
const OUTCOME_POLL_MS = 20;

interface LoadedImage {
  state: ImageState;
  revision: ExpectedRevision;
  position: Position | null;
}

/**
 * The API's one way to change an image: load its stream, decide, append at the revision read,
 * then wait until the read tables have caught up.
 */
@Injectable()
export class ImageWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly waiter: ProjectionWaiter,
  ) {}

  async execute(command: ImageCommand, ctx: RequestContext): Promise<ImageState> {
    const { uuid } = command.data;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const loaded = await this.load(uuid);
      const events = decideImage(loaded.state, command);
      const metadata = metadataOf(ctx);
      try {
        const append = await this.store.append(
          imageStream(uuid),
          events.map((e) => ({ ...e, metadata })),
          loaded.revision,
        );
        await this.waiter.waitFor(append.position);
        return events.reduce(evolveImage, loaded.state);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new Conflict(`Image ${uuid} is being changed by another request; try again.`);
  }

  /** Waits, bounded, until compute has answered the image's pending request. */
  async awaitOutcome(uuid: string, timeoutMs = OUTCOME_WAIT_MS): Promise<ImageState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const loaded = await this.load(uuid);
      const settled = !loaded.state.exists || loaded.state.pending === null;
      if (settled || Date.now() >= deadline) {
        if (loaded.position) await this.waiter.waitFor(loaded.position);
        return loaded.state;
      }
      await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_MS));
    }
  }

  private async load(uuid: string): Promise<LoadedImage> {
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
}
