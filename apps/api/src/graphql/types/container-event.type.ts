import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { RecordedEvent } from '@berth/drivers';
import type { Disclosure } from '../../disclosure/disclosure';
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
  @Field(() => String, {
    nullable: true,
    description: "The caller's own X-Openstack-Request-Id, if it sent a well-formed one.",
  })
  globalRequestId!: string | null;
  @Field(() => String) userId!: string;
  @Field(() => String) projectId!: string;
  @Field(() => String) correlationId!: string;
  @Field(() => String, { nullable: true }) causationId!: string | null;
  @Field(() => Date) createdAt!: Date;
}

/** `disclosure` decides what of the data the caller sees, as for REST's `/events`. */
export function toContainerEventModel(
  event: RecordedEvent,
  disclosure: Disclosure,
): ContainerEventModel {
  return {
    id: event.id,
    revision: Number(event.revision),
    type: event.type,
    version: event.version,
    data: disclosure.eventData(event.type, event.data),
    requestId: event.metadata.request_id,
    globalRequestId: event.metadata.global_request_id,
    userId: event.metadata.user_id,
    projectId: event.metadata.project_id,
    correlationId: event.metadata.correlation_id,
    causationId: event.metadata.causation_id,
    createdAt: event.createdAt,
  };
}
