import { PUBLIC_ROUTE } from '@berth/platform';
import { SetMetadata } from '@nestjs/common';

// The same key the health and metrics routes of @berth/platform carry.
export const IS_PUBLIC = PUBLIC_ROUTE;

/**
 * Opts a controller or route out of token authentication. Everything else is authenticated by
 * default, so a new feature controller cannot be exposed by forgetting a decorator.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
