import { Field, ObjectType } from '@nestjs/graphql';
import { ActionModel } from './action.type';
import { ContainerModel } from './container.type';
import { PageInfo } from './page-info.type';

/*
 * Relay connections, spelt out per node type: code-first generics would save a few lines but
 * hide the GraphQL type names that clients see.
 */

@ObjectType()
export class ContainerEdge {
  @Field(() => ContainerModel) node!: ContainerModel;
  @Field(() => String) cursor!: string;
}

@ObjectType()
export class ContainerConnection {
  @Field(() => [ContainerEdge]) edges!: ContainerEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
export class ActionEdge {
  @Field(() => ActionModel) node!: ActionModel;
  @Field(() => String) cursor!: string;
}

@ObjectType()
export class ActionConnection {
  @Field(() => [ActionEdge]) edges!: ActionEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
