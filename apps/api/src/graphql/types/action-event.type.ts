import { Field, ObjectType } from '@nestjs/graphql';

/** One step of an action (Zun's container_actions_events); in Berth, its outcome. */
@ObjectType('ActionEvent')
export class ActionEventModel {
  @Field(() => String) event!: string;
  @Field(() => Date) startTime!: Date;
  @Field(() => Date, { nullable: true }) finishTime!: Date | null;
  @Field(() => String, { nullable: true }) result!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Null unless the caller is an admin (Zun: container:action:events).',
  })
  traceback!: string | null;
}
