import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { RecordedEvent } from '@berth/drivers';
import { JsonScalar } from './json.scalar';

/** One event of a container's stream in the log, as recorded (upcast to its current version). */
@ObjectType('ContainerEvent')
export class ContainerEventModel {
  @Field(() => String) id!: string;
  @Field(() => Int, { description: '0-based revision inside the container stream.' })
  revision!: number;
  @Field(() => String) type!: string;
  @Field(() => Int) version!: number;
  @Field(() => JsonScalar) data!: object;
  @Field(() => String) requestId!: string;
  @Field(() => String) userId!: string;
  @Field(() => String) projectId!: string;
  @Field(() => String) correlationId!: string;
  @Field(() => String, { nullable: true }) causationId!: string | null;
  @Field(() => Date) createdAt!: Date;
}

/**
 * Event payloads name the compute host (ContainerCreateRequested.host); non-admins do not see
 * hosts anywhere else, so the key is dropped from their copy.
 */
export function toContainerEventModel(
  event: RecordedEvent,
  viewerIsAdmin: boolean,
): ContainerEventModel {
  return {
    id: event.id,
    revision: Number(event.revision),
    type: event.type,
    version: event.version,
    data: viewerIsAdmin ? event.data : withoutHost(event.data),
    requestId: event.metadata.request_id,
    userId: event.metadata.user_id,
    projectId: event.metadata.project_id,
    correlationId: event.metadata.correlation_id,
    causationId: event.metadata.causation_id,
    createdAt: event.createdAt,
  };
}

function withoutHost(data: object): object {
  if (!('host' in data)) return data;
  const copy: Record<string, unknown> = { ...data };
  delete copy.host;
  return copy;
}
