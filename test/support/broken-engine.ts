import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';

/**
 * How the engine breaks what a create needs: 'reset' closes the connection at once (an engine
 * that went away), 'hang' never answers (an engine, or its host, that stopped responding) until
 * the engine is closed.
 */
export type Breakage = 'reset' | 'hang';

/**
 * A Docker engine that is good enough to register a compute (it answers /info, empty container
 * and network lists and an events stream that stays open) and breaks every other request: the
 * compute is registered and heartbeating, but nothing can be created on its host.
 */
export class BrokenEngine {
  readonly requests: string[] = [];
  private readonly events = new Set<ServerResponse>();
  private readonly hanging = new Set<IncomingMessage>();
  private readonly server: Server;

  private constructor(
    readonly socketPath: string,
    private readonly memGiB: number,
    private readonly breakage: Breakage,
  ) {
    this.server = createServer((req, res) => this.answer(req, res));
  }

  static async start(
    dir: string,
    name: string,
    memGiB: number,
    breakage: Breakage,
  ): Promise<BrokenEngine> {
    const engine = new BrokenEngine(join(dir, `${name}.sock`), memGiB, breakage);
    await new Promise<void>((resolve) => engine.server.listen(engine.socketPath, resolve));
    return engine;
  }

  /** Requests now held unanswered ('hang'). */
  get held(): number {
    return this.hanging.size;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').replace(/^\/v[0-9.]+\//, '/').split('?')[0];
    this.requests.push(`${req.method} ${path}`);
    if (path === '/_ping') return void res.end('OK');
    if (path === '/info') {
      res.setHeader('content-type', 'application/json');
      return void res.end(
        JSON.stringify({
          NCPU: 8,
          MemTotal: this.memGiB * 1024 ** 3,
          OperatingSystem: 'Broken Engine',
          OSType: 'linux',
          KernelVersion: '6.1.0',
          Architecture: 'x86_64',
          Runtimes: { runc: {} },
          DefaultRuntime: 'runc',
          ServerVersion: '20.10.24',
          Containers: 0,
        }),
      );
    }
    // What a compute reads as it starts: its containers, and its networks (the firewall's).
    if (path === '/containers/json' || (path === '/networks' && req.method === 'GET')) {
      res.setHeader('content-type', 'application/json');
      return void res.end('[]');
    }
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      this.events.add(res);
      res.on('close', () => this.events.delete(res));
      return;
    }
    // Everything a create needs (image inspect, pull, container create) finds the engine broken.
    if (this.breakage === 'hang') {
      this.hanging.add(req);
      res.on('close', () => this.hanging.delete(req));
      return;
    }
    req.socket.destroy();
  }

  async close(): Promise<void> {
    for (const res of this.events) res.end();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
