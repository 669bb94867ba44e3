import { Field, ObjectType } from '@nestjs/graphql';

/** Relay's PageInfo, forward pagination only (first/after). */
@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}
