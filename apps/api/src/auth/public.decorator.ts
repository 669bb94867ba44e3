import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'berth:public';

/**
 * Opts a controller or route out of token authentication. Everything else is authenticated by
 * default, so a new feature controller cannot be exposed by forgetting a decorator.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
