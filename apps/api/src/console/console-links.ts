import { Injectable } from '@nestjs/common';
import type { PresentContainer } from '@berth/domain';
import { ApiConfig } from '../config/api-config';
import type { RequestContext } from '../request-context';
import { ConsoleTokens, type ConsoleTarget } from './console-tokens';

/** The websocket path of the console proxy on the API's own HTTP server. */
export const CONSOLE_PATH = '/console';

/**
 * Mints the websocket URLs Zun's API answers for `exec -i` (proxy_url) and `attach`: the public
 * URL turned ws(s), the console path, a one-time token, the container's uuid and the exec id.
 */
@Injectable()
export class ConsoleLinks {
  constructor(
    private readonly tokens: ConsoleTokens,
    private readonly config: ApiConfig,
  ) {}

  /** `mark`: the exec's process mark, so the proxy ends its processes when the console closes. */
  forExec(container: PresentContainer, execId: string, ctx: RequestContext, mark?: string): string {
    return this.link(container, { kind: 'exec', execId, tty: true, mark }, ctx);
  }

  forAttach(container: PresentContainer, ctx: RequestContext): string {
    return this.link(container, { kind: 'attach', tty: container.spec.tty }, ctx);
  }

  private link(container: PresentContainer, target: ConsoleTarget, ctx: RequestContext): string {
    const token = this.tokens.mint({
      ...target,
      uuid: container.uuid,
      host: container.host,
      user_id: ctx.user_id,
      project_id: ctx.project_id,
    });
    const url = new URL(`${this.config.publicUrl}${CONSOLE_PATH}`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    url.searchParams.set('uuid', container.uuid);
    if (target.kind === 'exec') url.searchParams.set('exec_id', target.execId);
    return url.toString();
  }
}
