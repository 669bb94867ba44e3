import { consoleSessions } from '@berth/platform';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FrameDemuxer } from '@berth/drivers';
import { RuntimeDirectory } from '@berth/platform';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ApiConfig } from '../config/api-config';
import { SOCKET_IO_PATH } from '../realtime/socket-io.server';
import { CONSOLE_PATH } from './console-links';
import { Utf8Boundary } from './console-stream';
import { ConsoleTokens, type ConsoleGrant } from './console-tokens';

/** Close codes the proxy ends a console with (4000-4999 are the application's own). */
export const CONSOLE_CLOSE = {
  /** The Docker stream ended (the shell exited, the container stopped). */
  normal: 1000,
  /** The API is shutting down. */
  goingAway: 1001,
  /** Unknown, used, expired or mismatched console token. */
  badToken: 4401,
  /** The container's engine could not be reached or refused the stream. */
  engine: 4502,
} as const;

/** One live console: its websocket, the Docker stream it is piped to, and its stall timer. */
interface Session {
  ws: WebSocket;
  stream: NodeJS.ReadWriteStream;
  grant: ConsoleGrant;
  stall?: NodeJS.Timeout;
}

/**
 * Zun's websocket console proxy (zun/websocket/websocketproxy.py), on the API's own HTTP server:
 * an upgrade on /console?token=..&uuid=..[&exec_id=..] trades a one-time console token for the
 * Docker stream it was minted for (exec start, or container attach) and pipes bytes both ways
 * until either side closes, which closes the other. The Docker stream is opened before the
 * websocket handshake completes, so a client resizing the tty right after connecting (zunclient
 * does) finds the exec running.
 *
 * Closing is the only way out: nothing here signals the container (DESIGN.md, attach gotcha).
 * An exec's processes are ended when its console closes, by the mark they were created with
 * (Docker leaves an exec'd shell running after its stream closes, and a tty shell sees no EOF).
 *
 * Memory per console is bounded both ways. A message above BERTH_CONSOLE_MAX_MESSAGE_BYTES closes
 * the socket with 1009 (ws' maxPayload). Output: once more than BERTH_CONSOLE_BUFFER_BYTES wait
 * to reach the client, the Docker stream is paused (so Docker, and then the process writing,
 * wait) and resumed when a quarter of that is left; a client that has not drained it within
 * BERTH_CONSOLE_STALL_SECONDS is cut off. Input: when Docker's stdin takes no more, the websocket
 * stops being read until it drains. One console's stall touches no other console.
 */
@Injectable()
export class ConsoleProxy
  implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  private readonly log = new Logger('ConsoleProxy');
  private readonly sessions = new Set<Session>();
  private readonly wss: WebSocketServer;
  private server: {
    on: Duplex['on'];
    off: Duplex['off'];
  } | null = null;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.upgrade(req, socket, head);
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: ConsoleTokens,
    private readonly runtimes: RuntimeDirectory,
    private readonly config: ApiConfig,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      // zunclient sends at most 1 KiB a message (a read of its terminal).
      maxPayload: config.streams.consoleMaxMessageBytes,
      // zunclient offers ["binary", "base64"] and refuses a handshake that picks none of them;
      // only raw binary frames are spoken here. A client offering nothing gets no subprotocol.
      handleProtocols: (offered) => (offered.has('binary') ? 'binary' : false),
    });
  }

  onApplicationBootstrap(): void {
    // Nest creates the HTTP server with the application, before init: no main.ts change needed.
    const server = this.adapterHost.httpAdapter?.getHttpServer() as ConsoleProxy['server'];
    if (!server) return;
    server.on('upgrade', this.onUpgrade);
    this.server = server;
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.onUpgrade);
    this.server = null;
    for (const session of this.sessions)
      this.end(session, CONSOLE_CLOSE.goingAway, 'Shutting down');
  }

  onApplicationShutdown(): void {
    this.wss.close();
  }

  /** Live consoles, for tests and diagnostics. */
  get openSessions(): number {
    return this.sessions.size;
  }

  /** The most output any live console has queued for its client, for tests and diagnostics. */
  get mostQueuedBytes(): number {
    let most = 0;
    for (const { ws } of this.sessions) most = Math.max(most, ws.bufferedAmount);
    return most;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    if (url.pathname !== CONSOLE_PATH && url.pathname !== `${CONSOLE_PATH}/`) {
      // socket.io's engine answers its own path; nobody answers any other.
      if (!url.pathname.startsWith(`${SOCKET_IO_PATH}/`)) reject(socket, 404, 'Not Found');
      return;
    }
    const token = url.searchParams.get('token') ?? '';
    const uuid = url.searchParams.get('uuid') ?? '';
    const execId = url.searchParams.get('exec_id') ?? undefined;
    const grant = this.tokens.take(token, uuid, execId);
    if (grant === undefined) {
      // Accept, then close with a code: a websocket client sees why, not just a failed handshake.
      this.refuse(req, socket, head, CONSOLE_CLOSE.badToken, 'Invalid or expired console token');
      return;
    }
    void this.open(grant).then(
      (stream) => {
        if (socket.destroyed) {
          closeStream(stream);
          return;
        }
        this.wss.handleUpgrade(req, socket, head, (ws) => this.pipe(ws, stream, grant));
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.log.warn(`console for ${grant.uuid} could not open its stream: ${message}`);
        this.refuse(
          req,
          socket,
          head,
          CONSOLE_CLOSE.engine,
          `Cannot reach the container: ${message}`,
        );
      },
    );
  }

  private async open(grant: ConsoleGrant): Promise<NodeJS.ReadWriteStream> {
    const runtime = await this.runtimes.resolve(grant.host);
    if (runtime === undefined) throw new Error(`compute host ${grant.host} is not reachable`);
    return grant.kind === 'exec'
      ? runtime.execStart(grant.execId, { tty: grant.tty })
      : runtime.attach(grant.uuid);
  }

  private pipe(ws: WebSocket, stream: NodeJS.ReadWriteStream, grant: ConsoleGrant): void {
    const session: Session = { ws, stream, grant };
    this.sessions.add(session);
    consoleSessions.set({ kind: 'console' }, this.sessions.size);
    const demuxer = grant.tty ? undefined : new FrameDemuxer();
    const utf8 = new Utf8Boundary();
    const { consoleBufferBytes: high, consoleStallSeconds } = this.config.streams;
    const low = Math.floor(high / 4);

    // Docker -> client. A send's callback runs once its bytes are handed to the socket, the
    // moment the queue may have drained enough to read Docker again.
    const resumeIfDrained = (): void => {
      if (session.stall === undefined || ws.bufferedAmount > low) return;
      clearTimeout(session.stall);
      session.stall = undefined;
      stream.resume();
    };
    const send = (bytes: Buffer): void => {
      if (bytes.length === 0 || ws.readyState !== ws.OPEN) return;
      ws.send(bytes, { binary: true }, resumeIfDrained);
      if (session.stall === undefined && ws.bufferedAmount > high) {
        stream.pause();
        session.stall = setTimeout(() => {
          this.log.warn(`console client of ${grant.uuid} stopped reading; dropping it`);
          this.cutOff(session);
        }, consoleStallSeconds * 1000);
      }
    };

    stream.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const payload = demuxer ? Buffer.concat(demuxer.push(bytes)) : bytes;
      send(utf8.push(payload));
    });
    const finish = (): void => {
      send(utf8.flush());
      this.end(session, CONSOLE_CLOSE.normal, 'Console stream ended');
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (err: Error) => {
      this.log.warn(`console stream of ${grant.uuid} failed: ${err.message}`);
      this.end(session, CONSOLE_CLOSE.engine, 'Console stream failed');
    });

    // Client -> Docker: stop reading the websocket while Docker's stdin is full.
    let awaitingDrain = false;
    ws.on('message', (data: RawData) => {
      if (stream.write(toBuffer(data)) || awaitingDrain) return;
      awaitingDrain = true;
      ws.pause();
      stream.once('drain', () => {
        awaitingDrain = false;
        ws.resume();
      });
    });
    ws.on('close', () => this.end(session, CONSOLE_CLOSE.normal, ''));
    ws.on('error', () => this.end(session, CONSOLE_CLOSE.normal, ''));
  }

  /**
   * Closes both sides of a console, once. A socket already closing (ws closes with 1009 on an
   * oversized message) is left to finish, so the client still learns why.
   */
  private end(session: Session, code: number, reason: string): void {
    if (!this.release(session)) return;
    const { ws } = session;
    if (ws.readyState === ws.OPEN) ws.close(code, reason);
    else if (ws.readyState === ws.CONNECTING) ws.terminate();
  }

  /**
   * Drops a client that stopped reading: it would never read a close frame either, so its
   * connection is cut at once (the client sees 1006) and its queue freed.
   */
  private cutOff(session: Session): void {
    if (this.release(session)) session.ws.terminate();
  }

  /** Forgets a session and detaches from Docker; false if that was done already. */
  private release(session: Session): boolean {
    if (!this.sessions.delete(session)) return false;
    consoleSessions.set({ kind: 'console' }, this.sessions.size);
    clearTimeout(session.stall);
    closeStream(session.stream);
    const { grant } = session;
    if (grant.kind === 'exec' && grant.mark !== undefined) this.endExec(grant, grant.mark);
    return true;
  }

  /** The exec's processes outlive its stream unless killed; nothing waits for the kill. */
  private endExec(grant: ConsoleGrant, mark: string): void {
    void this.runtimes
      .resolve(grant.host)
      .then((runtime) => runtime?.execKill(grant.uuid, mark))
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.log.warn(`the exec of the console on ${grant.uuid} may still run: ${message}`);
      });
  }

  private refuse(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    code: number,
    reason: string,
  ): void {
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, truncate(reason)));
  }
}

/** Detaches from Docker by closing the hijacked socket: EOF to the process, no signal. */
function closeStream(stream: NodeJS.ReadWriteStream): void {
  stream.end();
  const destroyable = stream as NodeJS.ReadWriteStream & { destroy?: () => void };
  destroyable.destroy?.();
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A close reason is at most 123 bytes. */
function truncate(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

function reject(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
