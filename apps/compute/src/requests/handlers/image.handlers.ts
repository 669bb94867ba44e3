import { Logger } from '@nestjs/common';
import {
  imageRef,
  isImageEvent,
  type ImageEvent,
  type ImageRequestEvent,
  type ImageState,
} from '@berth/domain';
import {
  START,
  type ContainerRuntime,
  type EventStore,
  type Position,
  type RecordedEvent,
  type Subscription,
  streamId,
} from '@berth/drivers';
import {
  CONFLICTS,
  handleCommand,
  type ConsumerCheckpoints,
  type ImageRepository,
} from '@berth/platform';
import { now } from './request-handler';

const IMAGE_REQUEST_TYPES: ReadonlyArray<ImageRequestEvent['type']> = [
  'ImagePullRequested',
  'ImageDeleteRequested',
];

/** The image's Docker work for one request; a thrown error becomes its `<X>Failed` outcome. */
export async function handleImageRequest(
  state: Extract<ImageState, { exists: true }>,
  request: ImageRequestEvent,
  runtime: ContainerRuntime,
): Promise<ImageEvent[]> {
  const { request_id } = request.data;
  if (request.type === 'ImagePullRequested') {
    const id = await runtime.ensureImage(imageRef(state), 'always');
    const { size } = await runtime.imageInspect(id);
    return [
      { type: 'ImagePulled', version: 1, data: { request_id, at: now(), image_id: id, size } },
    ];
  }
  // By reference: untagging leaves alone any other name the same image id has on this host.
  await runtime.removeImage(imageRef(state));
  return [{ type: 'ImageDeleted', version: 1, data: { request_id, at: now() } }];
}

function failureOf(request: ImageRequestEvent, reason: string): ImageEvent {
  const data = { request_id: request.data.request_id, at: now(), reason };
  return request.type === 'ImagePullRequested'
    ? { type: 'ImagePullFailed', version: 1, data }
    : { type: 'ImageDeleteFailed', version: 1, data };
}

const MAX_RETRY_MS = 10_000;

/**
 * Follows the image requests placed on this host (pull, delete), one at a time in log order, and
 * answers each with its outcome on the image's stream. Delivery is at-least-once, so each is
 * decided from the stream first: a request that is no longer the pending one is left alone.
 */
export class ImageRequestWorker {
  private readonly logger = new Logger(ImageRequestWorker.name);
  private subscription: Subscription | undefined;
  private stopped = false;

  constructor(
    private readonly hostname: string,
    private readonly store: EventStore,
    private readonly images: ImageRepository,
    private readonly checkpoints: Pick<ConsumerCheckpoints, 'load' | 'save'>,
    private readonly runtime: ContainerRuntime,
  ) {}

  private get name(): string {
    return `compute-images:${this.hostname}`;
  }

  async start(): Promise<void> {
    const after: Position = await this.checkpoints.load(this.name).catch(() => START);
    this.subscription = this.store.subscribeToAll((event) => this.dispatch(event), {
      after,
      filter: { eventTypes: [...IMAGE_REQUEST_TYPES], streamCategories: ['image'] },
      onError: (error) => this.logger.error(`image requests stopped: ${error.message}`),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
  }

  private async dispatch(event: RecordedEvent): Promise<void> {
    if (!isImageEvent(event)) return;
    if (event.type !== 'ImagePullRequested' && event.type !== 'ImageDeleteRequested') return;
    // Not the action's failure (the log unreachable): tried again, in order, until it goes
    // through or the worker stops; the checkpoint never passes a request left undone.
    for (let failures = 0; !this.stopped; failures++) {
      try {
        await this.process(event);
        await this.checkpoints.save(this.name, event.position);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const delay = Math.min(MAX_RETRY_MS, 200 * 2 ** failures);
        this.logger.error(`${event.type} on ${event.stream} not processed, retrying: ${message}`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async process(request: RecordedEvent & ImageRequestEvent): Promise<void> {
    const uuid = streamId(request.stream);
    const loaded = await this.images.load(uuid);
    if (!this.isMine(loaded.state, request)) return;
    const state = loaded.state as Extract<ImageState, { exists: true }>;
    let outcome: ImageEvent[];
    try {
      outcome = await handleImageRequest(state, request, this.runtime);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`${request.type} ${uuid} failed: ${reason}`);
      outcome = [failureOf(request, reason)];
    }
    const metadata = { ...request.metadata, causation_id: request.id };
    await handleCommand({
      loaded,
      load: () => this.images.load(uuid),
      // Answered meanwhile (a delete forced past it): the outcome is no longer this request's.
      decide: ({ state }) => (this.isMine(state, request) ? outcome : null),
      append: (events, { revision }) => this.images.append(uuid, events, revision, metadata),
      conflicts: CONFLICTS.background,
    });
  }

  private isMine(state: ImageState, request: ImageRequestEvent): boolean {
    return (
      state.exists &&
      state.host === this.hostname &&
      state.pending?.request_id === request.data.request_id
    );
  }
}
