import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from './auth/auth.module';
import { PolicyModule } from './policy/policy.module';
import { ApiConfig } from './config/api-config';
import { ConfigModule } from './config/config.module';
import { ErrorsModule } from './errors/errors.module';
import { IdentityModule } from './identity/identity.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { VersionsModule } from './versions/versions.module';
import { ContainersModule } from './containers/containers.module';
import { ActionsModule } from './actions/actions.module';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { QuotasModule } from './quotas/quotas.module';
import { AuditModule } from './audit/audit.module';
import { HostsModule } from './hosts/hosts.module';
import { ServicesModule } from './services/services.module';
import { AvailabilityZonesModule } from './availability-zones/availability-zones.module';
import { ImagesModule } from './images/images.module';
import { ConsoleModule } from './console';
import { VolumesModule } from './volumes/volumes.module';
import { ApiOpsModule } from './ops/api-ops.module';
import { EventsModule } from './events/events.module';
import { ConsoleIoModule } from './console-io/console-io.module';

/**
 * The API process' root module. Feature modules (containers, images, …) go into `imports` below;
 * the config is supplied at runtime through `ApiModule.forRoot(config)`. `extra` lets a host
 * (tests, the all-in-one) add modules without editing this list.
 */
@Module({
  imports: [
    // One command bus for every feature: each write goes through a @CommandHandler.
    CqrsModule.forRoot(),
    ErrorsModule,
    VersionsModule,
    IdentityModule,
    // Before AuthModule: its guard must count a request before the token is checked.
    RateLimitsModule,
    AuthModule,
    // Right after AuthModule: its guard decides on the caller AuthGuard has just identified.
    PolicyModule,
    ContainersModule,
    ActionsModule,
    GraphqlApiModule,
    QuotasModule,
    AuditModule,
    HostsModule,
    ServicesModule,
    AvailabilityZonesModule,
    ImagesModule,
    ConsoleModule,
    VolumesModule,
    // Health, readiness and metrics (docs/operations.md).
    ApiOpsModule,
    EventsModule,
    ConsoleIoModule,
  ],
})
export class ApiModule {
  static forRoot(config: ApiConfig, extra: ModuleMetadata['imports'] = []): DynamicModule {
    return { module: ApiModule, imports: [ConfigModule.forRoot(config), ...extra] };
  }
}
