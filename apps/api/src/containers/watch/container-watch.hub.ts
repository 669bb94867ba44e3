import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { PresentContainer } from '@berth/domain';
import { ContainerRow } from '@berth/drivers';
import { DataSource, In } from 'typeorm';
import { ProjectionWaiter } from '../../read-your-writes';

/** A watched container as the table now holds it; null once it is deleted or gone. */
export type WatchListener = (container: PresentContainer | null) => void;

/**
 * Fans the projector's progress out to watchers of single containers. After each announced
 * batch it reads every watched row in one query, however many watchers there are, and hands each
 * watcher its container; a watcher decides for itself whether anything it shows has changed.
 * Announcements that arrive while a read is under way fold into one more read.
 */
@Injectable()
export class ContainerWatchHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ContainerWatchHub.name);
  private readonly listeners = new Map<string, Set<WatchListener>>();
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private unfollow: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: ProjectionWaiter,
  ) {}

  onModuleInit(): void {
    this.unfollow = this.projection.follow(() => this.refresh());
  }

  async onApplicationShutdown(): Promise<void> {
    this.unfollow?.();
    this.listeners.clear();
    await this.reading;
  }

  /**
   * Calls `listener` with the container after every projected batch until the returned function
   * is called; also once soon, so a change made between the caller's own read and this call is
   * not missed.
   */
  watch(uuid: string, listener: WatchListener): () => void {
    const forUuid = this.listeners.get(uuid) ?? new Set<WatchListener>();
    forUuid.add(listener);
    this.listeners.set(uuid, forUuid);
    this.refresh();
    return () => {
      forUuid.delete(listener);
      if (forUuid.size === 0 && this.listeners.get(uuid) === forUuid) this.listeners.delete(uuid);
    };
  }

  private refresh(): void {
    if (this.listeners.size === 0) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readUntilSettled().finally(() => {
      this.reading = null;
    });
  }

  private async readUntilSettled(): Promise<void> {
    do {
      this.readAgain = false;
      await this.readWatched().catch((error: Error) =>
        // The next announcement reads again; a watcher only waits longer.
        this.logger.warn(`reading watched containers failed: ${error.message}`),
      );
    } while (this.readAgain && this.listeners.size > 0);
  }

  private async readWatched(): Promise<void> {
    const uuids = [...this.listeners.keys()];
    if (uuids.length === 0) return;
    const rows = await this.dataSource.getRepository(ContainerRow).find({
      select: { uuid: true, state: true, deleted: true },
      where: { uuid: In(uuids) },
    });
    const found = new Map(rows.map((row) => [row.uuid, row]));
    for (const uuid of uuids) {
      const row = found.get(uuid);
      const container = row && !row.deleted ? (row.state as PresentContainer) : null;
      for (const listener of this.listeners.get(uuid) ?? []) listener(container);
    }
  }
}
