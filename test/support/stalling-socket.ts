import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A Unix socket in front of another one (a Docker engine's) that passes bytes through until
 * `stall()`, then holds every byte a client sends from then on: calls already made finish, calls
 * made after it never get an answer. A hung dependency for shutdown tests, without touching the
 * real engine.
 */
export class StallingSocket {
  private stalled = false;
  private readonly clients = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly path: string,
  ) {}

  static async open(path: string, upstreamPath: string): Promise<StallingSocket> {
    const server = createServer();
    const proxy = new StallingSocket(server, path);
    server.on('connection', (client) => proxy.relay(client, upstreamPath));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    return proxy;
  }

  stall(): void {
    this.stalled = true;
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, upstreamPath: string): void {
    this.clients.add(client);
    const upstream = createConnection(upstreamPath);
    client.on('data', (chunk: Buffer) => {
      if (!this.stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = (): void => {
      this.clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    client.on('error', end);
    upstream.on('close', end);
    upstream.on('error', end);
  }
}
