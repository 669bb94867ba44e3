import 'reflect-metadata';
import { Logger, type LoggerService, type LogLevel, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  PlatformModule,
  accessLogMiddleware,
  handleShutdownSignals,
  httpMetricsMiddleware,
  platformConfigFromEnv,
  startProcess,
  useBerthLogger,
  type PlatformConfig,
} from '@berth/platform';
import { ApiModule } from './api.module';
import { authenticateRequest } from './auth/authenticate';
import { TokenValidator } from './auth/token-validator';
import { ApiConfig, loadApiConfig } from './config/api-config';
import { IdentityBootstrapService } from './identity/identity-bootstrap.service';
import { BodyIntakeInterceptor } from './intake/body-intake.interceptor';
import { graphqlBodyMiddleware } from './intake/graphql-body.middleware';
import { configureIntakeServer } from './intake/intake-server';
import { microversionMiddleware } from './microversion';
import { serveOpenApi } from './openapi/openapi';
import { nulCharactersMiddleware } from './request-context/nul-characters.middleware';
import { requestIdMiddleware } from './request-context/request-id.middleware';
import { trailingSlashMiddleware } from './request-context/trailing-slash.middleware';
import { serveWebConsole } from './web-console/web-console';

export interface ApiAppOptions {
  /** Defaults to `loadApiConfig()` (the environment). */
  config?: ApiConfig;
  /** Nest's logger option; tests pass `false` or `['error', 'warn']`. */
  logger?: LoggerService | LogLevel[] | false;
  /** Extra modules to mount beside the built-in ones (tests' probes, the all-in-one's workers). */
  imports?: ModuleMetadata['imports'];
  /** The log and read tables; defaults to the environment's, on the API's database. */
  platform?: PlatformConfig;
}

/**
 * The HTTP front door, before `app.init()`. Express-level middleware every request passes before
 * Nest routes it, in this order: request id (so even the earliest error carries one), trailing-
 * slash normalisation, microversion negotiation for /v1, the refusal of NUL characters in the
 * URL, and /graphql's token and body (Apollo is not a Nest route). Nest routes read their JSON body in
 * BodyIntakeInterceptor, after the guards: a request without a valid token is refused without
 * reading its body. There is no Express body parser at all (createApiApp turns Nest's off).
 * Routes match case-sensitively: `/V1/containers` is a 404, as in Zun.
 */
export function configureApiApp(app: NestExpressApplication): void {
  const settings = app.get(ApiConfig).intake;
  // Express reads this setting when it builds its router, and Nest's adapter has already built it
  // (its constructor calls `use`); the router reads its own flag for every route added later, and
  // Nest adds them all in `app.init()`.
  app.set('case sensitive routing', true);
  const express = app.getHttpAdapter().getInstance() as { router?: { caseSensitive?: boolean } };
  if (express.router !== undefined) express.router.caseSensitive = true;
  app.disable('x-powered-by');
  // Express hashes every body for an ETag no Zun client sends back: a list page of 1,000
  // containers is a megabyte or more to hash on every request.
  app.disable('etag');
  configureIntakeServer(app.getHttpServer(), settings);
  // Operations: first, so that a request refused by any later middleware is timed too.
  app.use(httpMetricsMiddleware);
  app.use(accessLogMiddleware);
  app.use(requestIdMiddleware);
  app.use(trailingSlashMiddleware);
  app.use(microversionMiddleware);
  app.use(nulCharactersMiddleware);
  const tokens = app.get(TokenValidator);
  app.use(graphqlBodyMiddleware(settings, (req) => authenticateRequest(req, tokens)));
  app.useGlobalInterceptors(new BodyIntakeInterceptor(settings));
  serveOpenApi(app);
  serveWebConsole(app);
}

/** Builds and initialises the API (database bootstrap included) without listening. */
export async function createApiApp(options: ApiAppOptions = {}): Promise<NestExpressApplication> {
  const config = options.config ?? loadApiConfig();
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot(config, [
      PlatformModule.forRoot(
        options.platform ?? platformConfigFromEnv({ databaseUrl: config.databaseUrl }),
      ),
      ...(options.imports ?? []),
    ]),
    {
      // Throw on a wiring error instead of exiting the process, so tests and the all-in-one see it.
      abortOnError: false,
      // Bodies are read by the intake (configureApiApp), after authentication, never by a parser
      // that takes every request's body before routing (and would take forms too).
      bodyParser: false,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    },
  );
  configureApiApp(app);
  // Who the rate limits count as the client behind a proxy; Express refuses a malformed list here.
  if (config.limits.trustProxy !== null) app.set('trust proxy', config.limits.trustProxy);
  await app.init();
  return app;
}

/** Builds the API, listens on the configured host and port, and says where to find it. */
export async function bootstrapApi(options: ApiAppOptions = {}): Promise<NestExpressApplication> {
  const config = options.config ?? loadApiConfig();
  // Operations: BERTH_LOG_LEVEL and BERTH_LOG_FORMAT (docs/operations.md).
  const logger = options.logger ?? useBerthLogger();
  const app = await createApiApp({ ...options, config, logger });
  // Operations: SIGTERM stops within BERTH_SHUTDOWN_TIMEOUT_MS (docs/operations.md).
  handleShutdownSignals(app);
  await app.listen(config.port, config.host);
  const log = new Logger('Berth');
  log.log(`API listening on ${config.host}:${config.port}; public URL ${config.publicUrl}`);
  log.log(`Zun API v1 endpoint: ${config.zunEndpoint}`);
  log.log(`Identity (Keystone v3): ${config.identityUrl}`);
  const { openrcPath } = app.get(IdentityBootstrapService).status;
  log.log(
    openrcPath === null
      ? 'No admin openrc; set BERTH_ADMIN_PASSWORD and restart to write one'
      : `Admin credentials: source ${openrcPath} && zun list`,
  );
  return app;
}

if (require.main === module) {
  startProcess(['api'], () => bootstrapApi());
}
