import { Field, Float, ObjectType } from '@nestjs/graphql';

/** One resource of a project's quota: its limit (-1 is unlimited) and what live containers hold. */
@ObjectType('QuotaResource')
export class QuotaResourceModel {
  @Field(() => Float) limit!: number;
  @Field(() => Float) inUse!: number;
}

/** A project's quota, as `zun quota-get --usages` shows it. */
@ObjectType('Quota')
export class QuotaModel {
  @Field(() => String) projectId!: string;
  @Field(() => QuotaResourceModel) containers!: QuotaResourceModel;
  @Field(() => QuotaResourceModel) cpu!: QuotaResourceModel;
  @Field(() => QuotaResourceModel, { description: 'MiB.' }) memory!: QuotaResourceModel;
  @Field(() => QuotaResourceModel, { description: 'GB, counted but not enforced here.' })
  disk!: QuotaResourceModel;
}
