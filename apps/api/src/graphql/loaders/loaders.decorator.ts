import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphqlContext } from '../graphql-context';
import type { RequestLoaders } from './request-loaders';

/**
 * The operation's loaders. A custom decorator rather than `@Context('loaders')`: the global
 * ValidationPipe (transform: true) would rebuild a class-typed context argument into a new,
 * empty instance, losing the batches and caches.
 */
export const Loaders = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestLoaders =>
    GqlExecutionContext.create(context).getContext<GraphqlContext>().loaders,
);
