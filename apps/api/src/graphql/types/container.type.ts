import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { PresentContainer } from '@berth/domain';
import type { Disclosure } from '../../disclosure/disclosure';

/** A container as Zun shows it, with its action log and event history one hop away. */
@ObjectType('Container')
export class ContainerModel {
  @Field(() => String) uuid!: string;
  @Field(() => String) name!: string;
  @Field(() => String) image!: string;
  @Field(() => String) status!: string;
  @Field(() => String, { nullable: true }) statusReason!: string | null;
  @Field(() => String, { nullable: true }) taskState!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The compute host; null unless the caller is an admin (Zun: admin_api).',
  })
  host!: string | null;
  @Field(() => Float, { nullable: true }) cpu!: number | null;
  @Field(() => Int, { nullable: true, description: 'MiB.' }) memory!: number | null;
  @Field(() => String) projectId!: string;
  @Field(() => String) userId!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  // actions and history are resolved in ContainerFieldsResolver.
}

/** `disclosure` decides the host, as for REST (Zun's `container:get_one:host`). */
export function toContainerModel(state: PresentContainer, disclosure: Disclosure): ContainerModel {
  return {
    uuid: state.uuid,
    name: state.name,
    image: state.spec.image,
    status: state.status,
    statusReason: state.status_reason,
    taskState: state.task_state,
    host: disclosure.host(state.host) ?? null,
    cpu: state.spec.cpu,
    memory: state.spec.memory,
    projectId: state.project_id,
    userId: state.user_id,
    createdAt: new Date(state.created_at),
    updatedAt: new Date(state.updated_at),
  };
}
