import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ContainersModule } from '../containers/containers.module';
import { QuotasModule } from '../quotas/quotas.module';
import { QuotaResolver } from './resolvers/quota.resolver';
import { ImagesResolver } from './resolvers/images.resolver';
import { graphqlOptions } from './graphql-options';
import { LoadersFactory } from './loaders/loaders.factory';
import { GraphqlLoadersModule } from './loaders/loaders.module';
import { AuditModule } from '../audit/audit.module';
import { ActionFieldsResolver } from './resolvers/action-fields.resolver';
import { AuditResolver } from './resolvers/audit.resolver';
import { ContainerFieldsResolver } from './resolvers/container-fields.resolver';
import { ContainersResolver } from './resolvers/containers.resolver';
import { HostsResolver } from './resolvers/hosts.resolver';

/**
 * GraphQL at /graphql: containers (with actions and event history), hosts and the audit log,
 * read from the same tables as the REST API and under the same authorisation (the global
 * AuthGuard authenticates each root field with X-Auth-Token). Needs the global PlatformModule
 * and ConfigModule, as ContainersModule does.
 */
@Module({
  imports: [
    ContainersModule,
    QuotasModule,
    AuditModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [GraphqlLoadersModule],
      inject: [LoadersFactory],
      useFactory: graphqlOptions,
    }),
  ],
  providers: [
    ContainersResolver,
    ContainerFieldsResolver,
    ActionFieldsResolver,
    AuditResolver,
    HostsResolver,
    QuotaResolver,
    ImagesResolver,
  ],
})
export class GraphqlApiModule {}
