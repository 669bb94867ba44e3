import { Module } from '@nestjs/common';
import { LoadersFactory } from './loaders.factory';

/** Its own module so that GraphQLModule.forRootAsync can inject the factory into its options. */
@Module({ providers: [LoadersFactory], exports: [LoadersFactory] })
export class GraphqlLoadersModule {}
