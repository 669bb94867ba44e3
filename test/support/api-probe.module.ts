import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { DomainError } from '@berth/domain';
import { PolicyNotAuthorized } from '../../apps/api/src/errors/api-errors';
import { Policy } from '../../apps/api/src/policy/policy.decorator';
import { ApiVersion, Versions, type MicroVersion } from '../../apps/api/src/microversion';
import { Ctx } from '../../apps/api/src/request-context/ctx.decorator';
import { ClosedSchema } from '../../apps/api/src/errors/closed-schema';
import { QueryBoolean } from '../../apps/api/src/input/query-values';
import type { RequestContext } from '../../apps/api/src/request-context/request-context';

class ContainerNotFound extends DomainError {
  readonly code = 'container-not-found';
  readonly status = 404;
}

@ClosedSchema()
class ProbeQuery {
  @QueryBoolean() force?: boolean;
}

class ProbeDto {
  @IsString() name!: string;
  @IsInt() @Min(1) count!: number;
}

/**
 * Test-only routes under /v1/_probe exercising what feature controllers will use: the context, the
 * negotiated version, version-ranged routes, typed errors, DTO validation and bool query params.
 * Each names a policy rule, as every route must: any scoped caller's `container:get_all`, and an
 * admin-only one (`host:get_all`, admin_api) for `admin-only`.
 */
@Controller('v1/_probe')
class ApiProbeController {
  @Get('whoami')
  @Policy('container:get_all')
  whoami(@Ctx() ctx: RequestContext, @ApiVersion() version: MicroVersion): object {
    return { ctx, version: version.toString(), atLeast_1_20: version.isAtLeast('1.20') };
  }

  @Post('rename')
  @Policy('container:get_all')
  @Versions({ max: '1.13' })
  rename(): object {
    return { renamed: true };
  }

  @Get('new-thing')
  @Policy('container:get_all')
  @Versions({ min: '1.14' })
  newThing(): object {
    return { ok: true };
  }

  @Get('missing')
  @Policy('container:get_all')
  missing(): never {
    throw new ContainerNotFound('Container nope could not be found.');
  }

  @Get('admin-only')
  @Policy('host:get_all')
  adminOnly(): object {
    return { ok: true };
  }

  @Get('forbidden')
  @Policy('container:get_all')
  forbidden(): never {
    throw new PolicyNotAuthorized('container:delete_force');
  }

  @Get('boom')
  @Policy('container:get_all')
  boom(): never {
    throw new Error('secret internals /etc/passwd');
  }

  @Post('validate')
  @Policy('container:get_all')
  validate(@Body() body: ProbeDto): object {
    return { body, isDto: body instanceof ProbeDto };
  }

  @Post('empty')
  @Policy('container:get_all')
  empty(@Body() body: unknown, @Query() query: ProbeQuery): object {
    return { body: body ?? null, force: query.force ?? false };
  }
}

@Module({ controllers: [ApiProbeController] })
export class ApiProbeModule {}
