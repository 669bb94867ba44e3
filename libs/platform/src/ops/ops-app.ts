import { Logger, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { accessLogMiddleware } from './access-log.middleware';
import { httpMetricsMiddleware } from './http-metrics.middleware';
import { useBerthLogger } from './logging';
import { readSetting, type Environment } from '../config/environment';
import { OpsModule } from './ops.module';

export interface ProcessAppOptions {
  /** For the log lines: `compute`, `projector`. */
  name: string;
  /** Port of the health and metrics server; 0 runs the process without one. */
  port: number;
  host: string;
}

/**
 * A compute or projector process: its module, and unless the port is 0 a small HTTP server with
 * `/healthz`, `/readyz` and `/metrics` only. SIGTERM stops it within the shutdown deadline.
 */
export async function startProcessApp(
  root: Type,
  options: ProcessAppOptions,
): Promise<INestApplicationContext> {
  const logger = useBerthLogger();
  const log = new Logger('Berth');
  if (options.port === 0) {
    const context = await NestFactory.createApplicationContext(root, { logger });
    handleShutdownSignals(context);
    log.log(`${options.name} running without a health server (its port is 0)`);
    return context;
  }
  @Module({ imports: [root, OpsModule] })
  class WithOps {}
  const app = await NestFactory.create<NestExpressApplication>(WithOps, {
    bodyParser: false,
    logger,
  });
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware);
  app.use(accessLogMiddleware);
  handleShutdownSignals(app);
  await app.listen(options.port, options.host);
  log.log(`${options.name} health and metrics on ${options.host}:${options.port}`);
  return app;
}

/** BERTH_SHUTDOWN_TIMEOUT_MS: how long SIGTERM waits for a clean stop before forcing exit. */
export function shutdownTimeoutFromEnv(env: Environment = process.env): number {
  return readSetting('BERTH_SHUTDOWN_TIMEOUT_MS', env);
}

let installed = false;

/**
 * SIGTERM or SIGINT: stop taking connections, close idle ones now and the rest (watch streams,
 * consoles, log follows) after half the deadline, run every module's shutdown hooks, exit 0. A
 * second signal, or the deadline, exits 1 at once: a hung Docker call or query cannot keep a
 * stopped process alive. Instead of Nest's enableShutdownHooks, which waits however long.
 */
export function handleShutdownSignals(
  app: INestApplicationContext,
  timeoutMs = shutdownTimeoutFromEnv(),
): void {
  if (installed) return;
  installed = true;
  const log = new Logger('Shutdown');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.log(`${signal}: shutting down (at most ${timeoutMs} ms)`);
    const deadline = setTimeout(() => {
      log.error(`still running ${timeoutMs} ms after ${signal}: exiting now`);
      process.exit(1);
    }, timeoutMs);
    closeConnections(app, timeoutMs / 2);
    app.close().then(
      () => {
        clearTimeout(deadline);
        log.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

function closeConnections(app: INestApplicationContext, graceMs: number): void {
  const server = httpServerOf(app);
  if (!server) return;
  server.close();
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), graceMs).unref();
}

function httpServerOf(app: INestApplicationContext): Server | undefined {
  const candidate = app as Partial<NestExpressApplication>;
  return typeof candidate.getHttpServer === 'function' ? candidate.getHttpServer() : undefined;
}
