import { Injectable } from '@nestjs/common';
import { IMAGE_STREAM_PREFIX, isImageEvent, type ImageEvent } from '@berth/domain';
import { ImageRow, formatPosition, type RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { Projection, ProjectionBatch } from '../runner/projection';

type Recorded<T extends ImageEvent['type']> = RecordedEvent & Extract<ImageEvent, { type: T }>;

/**
 * The images table: one row per image stream, from its pull request or its commit, updated by
 * the pull's outcome and removed once compute has deleted the image from its host.
 */
@Injectable()
export class ImagesProjection implements Projection {
  readonly name = 'images';

  /** Rare events, written in the batch's transaction with TypeORM's own statements. */
  async apply(events: readonly RecordedEvent[], batch: ProjectionBatch): Promise<void> {
    const mine = events.filter(
      (recorded): recorded is RecordedEvent & ImageEvent =>
        recorded.stream.startsWith(IMAGE_STREAM_PREFIX) && isImageEvent(recorded),
    );
    if (mine.length === 0) return;
    const tx = await batch.transaction();
    for (const recorded of mine) {
      const event: RecordedEvent & ImageEvent = recorded;
      const uuid = recorded.stream.slice(IMAGE_STREAM_PREFIX.length);
      switch (event.type) {
        case 'ImagePullRequested':
        case 'ImageCommitted':
          await this.created(uuid, event, tx);
          break;
        case 'ImageDeleted':
          await tx.delete(ImageRow, { uuid });
          break;
        default:
          await this.changed(uuid, event, tx);
      }
    }
  }

  private async created(
    uuid: string,
    event: Recorded<'ImagePullRequested'> | Recorded<'ImageCommitted'>,
    tx: EntityManager,
  ): Promise<void> {
    const { repo, tag, host, project_id, user_id } = event.data;
    const committed = event.type === 'ImageCommitted' ? event.data : null;
    await tx.upsert(
      ImageRow,
      {
        uuid,
        project_id,
        user_id,
        repo,
        tag,
        host,
        image_id: committed?.image_id ?? null,
        size: committed ? String(committed.size) : null,
        status: committed ? 'Committed' : 'Pulling',
        status_reason: null,
        container_uuid: committed?.container_uuid ?? null,
        position: formatPosition(event.position),
        created_at: event.createdAt,
        updated_at: event.createdAt,
      },
      { conflictPaths: ['uuid'], skipUpdateIfNoValuesChanged: false },
    );
  }

  private async changed(
    uuid: string,
    event: Recorded<
      'ImagePulled' | 'ImagePullFailed' | 'ImageDeleteRequested' | 'ImageDeleteFailed'
    >,
    tx: EntityManager,
  ): Promise<void> {
    const common = { position: formatPosition(event.position), updated_at: event.createdAt };
    switch (event.type) {
      case 'ImagePulled':
        await tx.update(
          ImageRow,
          { uuid },
          {
            ...common,
            status: 'Pulled',
            image_id: event.data.image_id,
            size: String(event.data.size),
          },
        );
        return;
      case 'ImageDeleteRequested':
        await tx.update(ImageRow, { uuid }, { ...common, status: 'Deleting' });
        return;
      case 'ImagePullFailed':
      case 'ImageDeleteFailed':
        await tx.update(
          ImageRow,
          { uuid },
          { ...common, status: 'Error', status_reason: event.data.reason },
        );
        return;
    }
  }
}
