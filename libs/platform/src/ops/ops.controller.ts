import {
  Controller,
  Get,
  Header,
  HttpStatus,
  Inject,
  Req,
  Res,
  ServiceUnavailableException,
  SetMetadata,
} from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the handlers use of Express' response (`@types/express` is not installed). */
interface Reply extends ServerResponse {
  status(code: number): Reply;
  json(body: unknown): void;
  send(body: string): void;
}
import { OPS_CONFIG } from './ops.tokens';
import type { OpsConfig } from './ops.config';
import { ReadinessChecks, withDeadline } from './readiness';
import { metricsRegistry } from './metrics';

/** The API's AuthGuard and PolicyGuard let routes carrying this through without a token. */
export const PUBLIC_ROUTE = 'berth:public';

/**
 * Liveness, readiness and metrics: no token (orchestrators and Prometheus have none) and no
 * tenant data; a check's detail is a count or a position, never a name a tenant chose.
 */
@SetMetadata(PUBLIC_ROUTE, true)
@Controller()
export class OpsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly checks: ReadinessChecks,
    @Inject(OPS_CONFIG) private readonly config: OpsConfig,
  ) {}

  /** Alive: the event loop answers. Nothing external, so a database outage restarts nothing. */
  @Get('healthz')
  @Header('cache-control', 'no-store')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @Header('cache-control', 'no-store')
  async readyz(@Res() res: Reply): Promise<void> {
    const timeout = this.config.checkTimeoutMs;
    const indicators = this.checks
      .list()
      .map((entry) => async (): Promise<HealthIndicatorResult> => {
        const session = this.indicators.check(entry.name);
        try {
          const detail = await withDeadline(entry.check(), timeout, `no answer in ${timeout} ms`);
          return session.up(detail);
        } catch (error) {
          return session.down({ message: error instanceof Error ? error.message : String(error) });
        }
      });
    try {
      res.status(HttpStatus.OK).json(await this.health.check(indicators));
    } catch (error) {
      // Terminus's own body (which check is down, and why), not the Zun error format.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json(error.getResponse());
    }
  }

  @Get('metrics')
  async metrics(@Req() req: IncomingMessage, @Res() res: Reply): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    const token = this.config.metricsToken;
    if (token !== null && !bearerMatches(req.headers.authorization, token)) {
      res.setHeader('www-authenticate', 'Bearer realm="berth-metrics"');
      res
        .status(HttpStatus.UNAUTHORIZED)
        .json({ error: 'metrics need the bearer token of BERTH_METRICS_TOKEN' });
      return;
    }
    res.setHeader('content-type', metricsRegistry.contentType);
    res.status(HttpStatus.OK).send(await metricsRegistry.metrics());
  }
}

/** Compared by digest in constant time: the answer's timing tells nothing about the token. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));
}
