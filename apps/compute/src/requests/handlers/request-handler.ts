import type { ContainerEvent, ContainerRequestEvent, PresentContainer } from '@berth/domain';
import type { ContainerRuntime } from '@berth/drivers';
import type { SideEffect } from '@berth/platform';
import type { ComputeConfig } from '../../compute.config';

/** What a handler gets: the container as the log has it, the request, and the engine. */
export interface HandlerContext<R extends ContainerRequestEvent = ContainerRequestEvent> {
  state: PresentContainer;
  request: R;
  runtime: ContainerRuntime;
  config: ComputeConfig;
  /**
   * Facts for other streams that the outcome implies (a commit's new image), appended with it in
   * one transaction. A handler pushes here only once its Docker work has succeeded.
   */
  alongside?: SideEffect[];
}

/**
 * Does the Docker work of one request and returns its outcome event(s). A thrown error becomes the
 * action's `<X>Failed` outcome with the error's message as the reason.
 */
export type RequestHandler<R extends ContainerRequestEvent = ContainerRequestEvent> = (
  context: HandlerContext<R>,
) => Promise<ContainerEvent[]>;

export const now = (): string => new Date().toISOString();
