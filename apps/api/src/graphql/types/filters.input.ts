import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString } from 'class-validator';

/*
 * The class-validator decorators are not decoration: the API's global ValidationPipe runs with
 * `whitelist: true`, which strips every undecorated property from resolver arguments too.
 */

@InputType()
export class ContainerFilter {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() status?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() image?: string | null;
  @Field(() => String, { nullable: true, description: 'Admins only.' })
  @IsOptional()
  @IsString()
  host?: string | null;
  @Field(() => String, { nullable: true, description: 'Admins only.' })
  @IsOptional()
  @IsString()
  projectId?: string | null;
}

@InputType()
export class AuditActionFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Admins: any project; others: their own project only.',
  })
  @IsOptional()
  @IsString()
  projectId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() userId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() action?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "'Success', 'Error', or 'pending' (no outcome yet).",
  })
  @IsOptional()
  @IsString()
  result?: string | null;
  @Field(() => Date, { nullable: true, description: 'Actions started at or after.' })
  @IsOptional()
  @IsDate()
  since?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Actions started before.' })
  @IsOptional()
  @IsDate()
  until?: Date | null;
}
