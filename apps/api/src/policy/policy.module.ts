import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ApiConfig } from '../config/api-config';
import { PolicyEnforcer } from './policy-enforcer';
import { PolicyGuard } from './policy.guard';
import { PolicyTable } from './policy-table';
import { RouteRulesCheck } from './route-rules';

/**
 * Policy in one place: the rule table (defaults and BERTH_POLICY_FILE's rules, compiled once at
 * start), PolicyEnforcer for everything that decides, the global PolicyGuard, and the start-up
 * check that every route names a rule. Global, so features inject PolicyEnforcer without
 * importing this module; ApiModule imports it right after AuthModule, so the guard runs after
 * the token is checked.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: PolicyEnforcer,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) =>
        new PolicyEnforcer(
          PolicyTable.compile(config.policyRules, {
            privilegedContainers: config.privilegedContainers,
          }),
        ),
    },
    { provide: APP_GUARD, useClass: PolicyGuard },
    RouteRulesCheck,
  ],
  exports: [PolicyEnforcer],
})
export class PolicyModule {}
