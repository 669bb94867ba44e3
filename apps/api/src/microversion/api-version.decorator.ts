import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { httpRequestOf, requestStateOf } from '../request-context/request-state';
import { DEFAULT_API_VERSION, type MicroVersion } from './micro-version';

/**
 * The microversion this request is served at: `handler(@ApiVersion() v: MicroVersion)`, then
 * `if (v.isAtLeast('1.20')) …`. Outside /v1 (no negotiation) it is the base version 1.1.
 */
export const ApiVersion = createParamDecorator(
  (_data: unknown, context: ExecutionContext): MicroVersion => apiVersionOf(context),
);

export function apiVersionOf(context: ExecutionContext): MicroVersion {
  return requestStateOf(httpRequestOf(context)).apiVersion ?? DEFAULT_API_VERSION;
}
