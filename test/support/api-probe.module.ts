import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { DomainError } from '@berth/domain';
import { PolicyNotAuthorized } from '../../apps/api/src/errors/api-errors';
import { assertAdmin } from '../../apps/api/src/auth/policy';
import { ApiVersion } from '../../apps/api/src/microversion/api-version.decorator';
import type { MicroVersion } from '../../apps/api/src/microversion/micro-version';
import { Versions } from '../../apps/api/src/microversion/versions.decorator';
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
 */
@Controller('v1/_probe')
class ApiProbeController {
  @Get('whoami')
  whoami(@Ctx() ctx: RequestContext, @ApiVersion() version: MicroVersion): object {
    return { ctx, version: version.toString(), atLeast_1_20: version.isAtLeast('1.20') };
  }

  @Post('rename')
  @Versions({ max: '1.13' })
  rename(): object {
    return { renamed: true };
  }

  @Get('new-thing')
  @Versions({ min: '1.14' })
  newThing(): object {
    return { ok: true };
  }

  @Get('missing')
  missing(): never {
    throw new ContainerNotFound('Container nope could not be found.');
  }

  @Get('admin-only')
  adminOnly(@Ctx() ctx: RequestContext): object {
    assertAdmin(ctx, 'container:probe');
    return { ok: true };
  }

  @Get('forbidden')
  forbidden(): never {
    throw new PolicyNotAuthorized('container:delete_force');
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internals /etc/passwd');
  }

  @Post('validate')
  validate(@Body() body: ProbeDto): object {
    return { body, isDto: body instanceof ProbeDto };
  }

  @Post('empty')
  empty(@Body() body: unknown, @Query() query: ProbeQuery): object {
    return { body: body ?? null, force: query.force ?? false };
  }
}

@Module({ controllers: [ApiProbeController] })
export class ApiProbeModule {}
