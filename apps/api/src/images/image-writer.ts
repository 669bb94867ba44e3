import { Injectable } from '@nestjs/common';
import { decideImage, evolveImage, type ImageCommand, type ImageState } from '@berth/domain';
import { CONFLICTS, ImageRepository, handleCommand } from '@berth/platform';
import { Conflict } from '../errors';
import { ProjectionWaiter } from '../read-your-writes';
import { metadataOf, type RequestContext } from '../request-context';

const OUTCOME_WAIT_MS = 15_000;
const OUTCOME_POLL_MS = 20;

/**
 * The API's one way to change an image: load its stream, decide, append at the revision read,
 * then wait until the read tables have caught up.
 */
@Injectable()
export class ImageWriter {
  constructor(
    private readonly images: ImageRepository,
    private readonly waiter: ProjectionWaiter,
  ) {}

  async execute(command: ImageCommand, ctx: RequestContext): Promise<ImageState> {
    const { uuid } = command.data;
    const { loaded, decision, result } = await handleCommand({
      load: () => this.images.load(uuid),
      decide: (loaded) => decideImage(loaded.state, command),
      append: (events, loaded) =>
        this.images.append(uuid, events, loaded.revision, metadataOf(ctx)),
      conflicts: CONFLICTS.request,
      gaveUp: () => new Conflict(`Image ${uuid} is being changed by another request; try again.`),
    });
    await this.waiter.waitFor(result.position);
    return decision.reduce(evolveImage, loaded.state);
  }

  /** Waits, bounded, until compute has answered the image's pending request. */
  async awaitOutcome(uuid: string, timeoutMs = OUTCOME_WAIT_MS): Promise<ImageState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const loaded = await this.images.load(uuid);
      const settled = !loaded.state.exists || loaded.state.pending === null;
      if (settled || Date.now() >= deadline) {
        if (loaded.position) await this.waiter.waitFor(loaded.position);
        return loaded.state;
      }
      await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_MS));
    }
  }
}
