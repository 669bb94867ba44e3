import 'reflect-metadata';
import { Logger, type LoggerService, type LogLevel, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PlatformModule, platformConfigFromEnv, type PlatformConfig } from '@berth/platform';
import { ApiModule } from './api.module';
import { ApiConfig, loadApiConfig } from './config/api-config';
import { IdentityBootstrapService } from './identity/identity-bootstrap.service';
import { microversionMiddleware } from './microversion/microversion.middleware';
import { nulCharactersMiddleware } from './request-context/nul-characters.middleware';
import { requestIdMiddleware } from './request-context/request-id.middleware';
import { trailingSlashMiddleware } from './request-context/trailing-slash.middleware';

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
 * Express-level middleware every request passes before Nest routes it, in this order: request id
 * (so even the earliest error carries one), the JSON body, trailing-slash normalisation,
 * microversion negotiation for /v1, then the refusal of NUL characters. Exported for hosts that build their own Nest app around ApiModule; call it
 * before `app.init()`.
 */
export function configureApiApp(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  // Express hashes every body for an ETag no Zun client sends back: a list page of 1,000
  // containers is a megabyte or more to hash on every request.
  app.disable('etag');
  // First, so that a body that fails to parse is answered with the request's id too.
  app.use(requestIdMiddleware);
  // put_archive carries a base64 tar in JSON; Express's 100 kB default is far too small. Not
  // strict: python-zunclient sends the body `null` with some GETs (image-search).
  app.useBodyParser('json', { limit: '64mb', strict: false });
  app.use(trailingSlashMiddleware);
  app.use(microversionMiddleware);
  app.use(nulCharactersMiddleware);
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
  const app = await createApiApp({ ...options, config });
  app.enableShutdownHooks();
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
  bootstrapApi().catch((error: unknown) => {
    new Logger('Berth').error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
