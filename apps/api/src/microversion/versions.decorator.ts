import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NotAcceptable } from '../errors/api-errors';
import { apiVersionOf } from './api-version.decorator';
import { MicroVersion } from './micro-version';

export interface VersionRange {
  min?: MicroVersion;
  max?: MicroVersion;
}

const VERSION_RANGE = 'berth:version-range';

/**
 * Zun's `@api_version(min, max)`: the route exists only in [min, max] (inclusive, either bound
 * optional) and answers 406 outside it. `@Versions({ min: '1.14' })`, `@Versions({ max: '1.13' })`.
 * Bounds are parsed at load time, so a typo fails the boot, not a request.
 */
export function Versions(range: { min?: string; max?: string }): MethodDecorator & ClassDecorator {
  const parsed: VersionRange = {};
  if (range.min !== undefined) parsed.min = MicroVersion.parse(range.min);
  if (range.max !== undefined) parsed.max = MicroVersion.parse(range.max);
  return applyDecorators(SetMetadata(VERSION_RANGE, parsed), UseGuards(VersionRangeGuard));
}

/** Runs after the global auth guard, as in Zun where the version check follows authentication. */
@Injectable()
export class VersionRangeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const range = this.reflector.getAllAndOverride<VersionRange | undefined>(VERSION_RANGE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const version = apiVersionOf(context);
    if (range !== undefined && !version.matches(range.min, range.max)) {
      throw new NotAcceptable(
        `Version ${version.toString()} was requested but the requested API is not supported for this version.`,
      );
    }
    return true;
  }
}
