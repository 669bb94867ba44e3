import { Logger } from '@nestjs/common';
import { isContainerEvent, isRequestEvent } from '@berth/domain';
import { streamId, type EventStore, type RecordedEvent, type Subscription } from '@berth/drivers';
import type { ConsumerCheckpoints } from '@berth/platform';
import { KeyedQueue } from '../dispatch/keyed-queue';
import { LowWaterMark } from '../dispatch/low-water-mark';
import { HANDLED_REQUEST_TYPES } from './handlers/handler-registry';
import type { ComputeTrigger, RequestProcessor } from './request-processor';

/** Requests, and creates rescheduled from another host (which this host may now have to run). */
export const CONSUMED_EVENT_TYPES = [...HANDLED_REQUEST_TYPES, 'ContainerRescheduled'];

const CHECKPOINT_EVERY_MS = 200;
/** A request whose processing failed for a non-Docker reason is tried again this much later. */
const REQUEUE_AFTER_MS = 10_000;

/**
 * Follows the request events of the log and hands each to the processor: one container's requests
 * in order, different containers side by side. The stored checkpoint never passes a request whose
 * work is unfinished, so a crash redelivers it and nothing accepted is lost. A request the processor
 * could not finish (the log unreachable even after its retries) stays unfinished: it is queued
 * again later, and the checkpoint stays before it until it is done.
 */
export class RequestConsumer {
  private readonly logger = new Logger(RequestConsumer.name);
  private subscription: Subscription | undefined;
  private mark: LowWaterMark | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly requeues = new Set<NodeJS.Timeout>();

  constructor(
    private readonly name: string,
    private readonly store: EventStore,
    private readonly checkpoints: ConsumerCheckpoints,
    private readonly processor: Pick<RequestProcessor, 'process'>,
    private readonly queue: KeyedQueue,
    private readonly requeueAfterMs = REQUEUE_AFTER_MS,
  ) {}

  async start(): Promise<void> {
    const after = await this.checkpoints.load(this.name);
    const mark = new LowWaterMark(after);
    this.mark = mark;
    this.subscription = this.store.subscribeToAll((event) => this.dispatch(mark, event), {
      after,
      filter: { eventTypes: CONSUMED_EVENT_TYPES, streamCategories: ['container'] },
      onError: (error) => this.logger.error(`request consumer stopped: ${error.message}`),
    });
    this.timer = setInterval(() => this.saveCheckpoint(), CHECKPOINT_EVERY_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.requeues.forEach((timer) => clearTimeout(timer));
    this.requeues.clear();
    await this.subscription?.stop();
    await this.queue.idle();
    this.saveCheckpoint();
    await this.saving;
  }

  private dispatch(mark: LowWaterMark, event: RecordedEvent): Promise<void> {
    if (!isContainerEvent(event)) return Promise.resolve();
    if (!isRequestEvent(event) && event.type !== 'ContainerRescheduled') return Promise.resolve();
    const uuid = streamId(event.stream);
    mark.begin(event.position);
    this.enqueue(mark, uuid, event);
    return Promise.resolve();
  }

  private enqueue(mark: LowWaterMark, uuid: string, request: ComputeTrigger): void {
    this.queue.push(
      uuid,
      () => this.processor.process(uuid, request),
      (error) => {
        if (!error) {
          mark.finish(request.position);
          return;
        }
        // Not finished: the checkpoint stays before it, so even a crash now loses nothing.
        this.logger.error(
          `${request.type} ${uuid} not processed, tried again in ${this.requeueAfterMs} ms: ${error.message}`,
        );
        if (this.stopped) return;
        const timer = setTimeout(() => {
          this.requeues.delete(timer);
          if (!this.stopped) this.enqueue(mark, uuid, request);
        }, this.requeueAfterMs);
        this.requeues.add(timer);
      },
    );
  }

  private saveCheckpoint(): void {
    const mark = this.mark;
    if (!mark) return;
    this.saving = this.saving
      .then(() => this.checkpoints.save(this.name, mark.safePosition()))
      .catch((error: Error) => this.logger.warn(`checkpoint not saved: ${error.message}`));
  }
}
