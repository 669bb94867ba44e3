import { Field, ObjectType } from '@nestjs/graphql';
import type { ContainerActionRow } from '@berth/drivers';

/** One request on a container and its outcome (Zun's container_actions). */
@ObjectType('Action')
export class ActionModel {
  @Field(() => String, { description: "The action's id: its request event's id in the log." })
  id!: string;
  @Field(() => String, {
    description: 'The id Berth made for the request (its x-openstack-request-id), as in Zun.',
  })
  requestId!: string;
  @Field(() => String, {
    nullable: true,
    description: "The caller's own X-Openstack-Request-Id, if it sent a well-formed one.",
  })
  globalRequestId!: string | null;
  @Field(() => String) containerUuid!: string;
  @Field(() => String) action!: string;
  @Field(() => String) userId!: string;
  @Field(() => String) projectId!: string;
  @Field(() => Date) startTime!: Date;
  @Field(() => Date, { nullable: true }) finishTime!: Date | null;
  @Field(() => String, { nullable: true }) result!: string | null;
  @Field(() => String, { nullable: true }) message!: string | null;
  // events and container are resolved in ActionFieldsResolver, batched per request.
}

export function toActionModel(row: ContainerActionRow): ActionModel {
  return {
    id: row.id,
    requestId: row.request_id,
    globalRequestId: row.global_request_id,
    containerUuid: row.container_uuid,
    action: row.action,
    userId: row.user_id,
    projectId: row.project_id,
    startTime: row.start_time,
    finishTime: row.finish_time,
    result: row.result,
    message: row.message,
  };
}
