import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

/**
 * A unix-socket relay to a real Docker engine that can be made to stop answering, as an engine
 * (or its host) that hangs: until `stall()` it passes bytes both ways; after it, nothing the
 * clients send reaches the engine any more, on connections old or new, and so nothing is answered.
 * Streams already open stay open. Everything made through it is made on the real engine.
 */
export class StallingEngine {
  private stalled = false;
  private readonly clients = new Set<Socket>();
  private readonly pipes = new Map<Socket, Socket>();

  private constructor(
    readonly socketPath: string,
    private readonly server: Server,
  ) {}

  static async start(
    dir: string,
    name: string,
    target = '/var/run/docker.sock',
  ): Promise<StallingEngine> {
    const socketPath = join(dir, `${name}.sock`);
    const server = createServer();
    const engine = new StallingEngine(socketPath, server);
    server.on('connection', (client: Socket) => engine.accept(client, target));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    return engine;
  }

  /** The endpoint to give a compute. */
  get endpoint(): string {
    return `unix://${this.socketPath}`;
  }

  /** From now on no request reaches the engine. */
  stall(): void {
    this.stalled = true;
    for (const [client, upstream] of this.pipes) client.unpipe(upstream);
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.destroy();
    for (const upstream of this.pipes.values()) upstream.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, target: string): void {
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    client.on('error', () => client.destroy());
    // A stalled engine accepts the connection and then says nothing.
    if (this.stalled) return void client.pause();
    const upstream = createConnection(target);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      this.pipes.delete(client);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    this.pipes.set(client, upstream);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
