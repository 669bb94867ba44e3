import type { Server as HttpServer } from 'node:http';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server, type Namespace } from 'socket.io';
import { ApiConfig } from '../config/api-config';

/** Where socket.io's engine answers on the API's own port (socket.io's default). */
export const SOCKET_IO_PATH = '/socket.io';

/**
 * The API's one socket.io server, on the API's own HTTP server (no main.ts change: the server
 * exists once the application is created). Namespaces (`/events`, …) are added by their
 * features; each authenticates its sockets itself. Messages are bounded by the console's
 * message limit; websocket only, so no long-polling session is held between requests.
 */
@Injectable()
export class SocketIoServer implements OnApplicationBootstrap, OnModuleDestroy {
  private server: Server | null = null;
  private readonly names: string[] = [];
  private readonly pending: Array<(server: Server) => void> = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ApiConfig,
  ) {}

  /** Calls `setup` with the namespace once the server is up (at bootstrap). */
  namespace(name: string, setup: (namespace: Namespace) => void): void {
    this.names.push(name);
    const add = (server: Server): void => setup(server.of(name));
    if (this.server) add(this.server);
    else this.pending.push(add);
  }

  onApplicationBootstrap(): void {
    const http = this.adapterHost.httpAdapter?.getHttpServer() as HttpServer | undefined;
    if (!http) return;
    this.server = new Server(http, {
      path: SOCKET_IO_PATH,
      serveClient: false,
      transports: ['websocket'],
      maxHttpBufferSize: this.config.streams.consoleMaxMessageBytes,
      // Other upgrades (the Zun console on /console) are not engine.io's to cut off.
      destroyUpgrade: false,
    });
    for (const add of this.pending.splice(0)) add(this.server);
  }

  /** Disconnects every socket; namespaces' own disconnect handlers then stop their work. */
  onModuleDestroy(): void {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const name of this.names) server.of(name).disconnectSockets(true);
    // close() would also close the API's HTTP server, which Nest closes itself.
    server.engine.close();
  }
}
