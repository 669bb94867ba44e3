import { consoleSessions } from '@berth/platform';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { TokenValidator } from '../auth/token-validator';
import { ApiConfig } from '../config/api-config';
import { followToken } from '../containers/watch/token-follower';
import { BadRequest, Conflict } from '../errors/api-errors';
import { RevocationFeed } from '../identity/revocation/revocation-feed.service';
import { authenticateSocket, refusalOf, SocketRefusal } from '../realtime/socket-auth';
import { SocketIoServer } from '../realtime/socket-io.server';
import type { RequestContext } from '../request-context';
import { ConsoleOpener } from './console-opener';
import { inputBytesOf, openRequestOf, resizeRequestOf } from './console-requests';
import { ConsoleSession, END_REASONS } from './console-session';
import { EngineLink } from './engine-link';

export const CONSOLE_NAMESPACE = '/console';

type Ack = (answer: unknown) => void;

/** Per socket: who it is, and its one console (opening, open, or none yet). */
interface SocketState {
  ctx: RequestContext;
  opening: boolean;
  session?: ConsoleSession;
}

/**
 * Consoles over socket.io: namespace `/console` on the API's socket.io server (path /socket.io,
 * websocket only). The handshake's `auth.token` is a Keystone token, checked as for REST; a
 * refusal is a `connect_error` whose `data` is Zun's error document. Then, one console per
 * socket:
 *
 * - client `open` {kind, container, command?, tty?, rows?, cols?, tail?, follow?} with an ack:
 *   `{ok: true}` or `{error: <Zun error document>}` (the REST route's policy, scope and status
 *   rules; see ConsoleOpener);
 * - server `output` (Buffer chunks), `error` (Zun's document, for failures after open) and
 *   `end` {reason, exitCode?}, after which the server disconnects;
 * - client `input` (string or bytes), `resize` {rows, cols}, `close`.
 *
 * The socket lives no longer than its token (revoked or expired: `end` with `token_invalid`).
 * Backpressure and its bounds: see ConsoleSession and docs/streams.md.
 */
@Injectable()
export class ConsoleNamespace implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(ConsoleNamespace.name);
  private readonly sessions = new Set<ConsoleSession>();

  constructor(
    private readonly io: SocketIoServer,
    private readonly opener: ConsoleOpener,
    private readonly tokens: TokenValidator,
    private readonly revocations: RevocationFeed,
    private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    this.io.namespace(CONSOLE_NAMESPACE, (namespace) => this.serve(namespace));
  }

  onModuleDestroy(): void {
    for (const session of [...this.sessions]) {
      session.end({ reason: END_REASONS.shutdown }, 'disconnect');
    }
  }

  /** Live sessions, for tests and diagnostics. */
  get openSessions(): number {
    return this.sessions.size;
  }

  /** The most output any live session has queued for its client, for tests and diagnostics. */
  get mostQueuedBytes(): number {
    let most = 0;
    for (const session of this.sessions) most = Math.max(most, session.queuedBytes);
    return most;
  }

  private serve(namespace: Namespace): void {
    namespace.use((socket, next) => {
      authenticateSocket(socket, this.tokens)
        .then((ctx) => {
          (socket.data as { console?: SocketState }).console = { ctx, opening: false };
          next();
        })
        .catch((error: unknown) => next(new SocketRefusal(refusalOf(error, `req-${socket.id}`))));
    });
    namespace.on('connection', (socket) => this.connected(socket));
  }

  private connected(socket: Socket): void {
    const state = (socket.data as { console: SocketState }).console;
    const unfollowToken = followToken(
      state.ctx,
      this.tokens,
      this.revocations,
      () => socket.disconnected,
      () => {
        if (state.session) state.session.end({ reason: END_REASONS.tokenInvalid }, 'disconnect');
        else socket.disconnect();
      },
    );
    socket.on('open', (payload: unknown, ack?: unknown) => {
      this.open(socket, state, payload, ack);
    });
    socket.on('input', (payload: unknown) => {
      this.guarded(socket, state, () => {
        const bytes = inputBytesOf(payload);
        this.sessionOf(state).input(bytes);
      });
    });
    socket.on('resize', (payload: unknown, ack?: unknown) => {
      const answer = typeof ack === 'function' ? (ack as Ack) : undefined;
      void (async () => {
        const size = resizeRequestOf(payload);
        await this.sessionOf(state).resize(size);
      })().then(
        () => answer?.({ ok: true }),
        (error: unknown) => {
          const body = refusalOf(error, state.ctx.request_id);
          if (answer) answer({ error: body });
          else if (socket.connected) socket.emit('error', body);
        },
      );
    });
    socket.on('close', () => {
      if (state.session) state.session.end({ reason: END_REASONS.closed }, 'disconnect');
      else socket.disconnect();
    });
    socket.once('disconnect', () => {
      unfollowToken();
      state.session?.end({ reason: END_REASONS.disconnected }, 'none');
    });
  }

  private open(socket: Socket, state: SocketState, payload: unknown, ack: unknown): void {
    const requestId = state.ctx.request_id;
    if (typeof ack !== 'function') {
      const refusal = new BadRequest('Emit open with an acknowledgement callback.');
      socket.emit('error', refusalOf(refusal, requestId));
      return;
    }
    const answer = ack as Ack;
    let request;
    try {
      if (state.opening || state.session) {
        throw new Conflict('This connection has a console already: one console per connection.');
      }
      request = openRequestOf(payload);
    } catch (error) {
      answer({ error: refusalOf(error, requestId) });
      return;
    }
    state.opening = true;
    this.opener.open(request, state.ctx).then(
      (opened) => {
        state.opening = false;
        const { consoleBufferBytes, consoleStallSeconds } = this.config.streams;
        const session = new ConsoleSession(
          socket,
          new EngineLink(socket),
          opened,
          {
            highBytes: consoleBufferBytes,
            lowBytes: Math.floor(consoleBufferBytes / 4),
            stallMs: consoleStallSeconds * 1000,
          },
          {
            failure: (error) => {
              const message = error instanceof Error ? error.message : String(error);
              this.log.warn(`console on ${opened.uuid} failed: ${message}`);
              if (socket.connected) socket.emit('error', refusalOf(error, requestId));
            },
            gone: (ended) => this.forget(ended),
          },
        );
        state.session = session;
        this.sessions.add(session);
        consoleSessions.set({ kind: 'socket.io' }, this.sessions.size);
        if (socket.disconnected) {
          // The client left while its console was being opened.
          session.end({ reason: END_REASONS.disconnected }, 'none');
          return;
        }
        answer({ ok: true });
        session.start();
      },
      (error: unknown) => {
        state.opening = false;
        const body = refusalOf(error, requestId);
        if (body.errors[0]?.status !== undefined && body.errors[0].status >= 500) {
          const message = error instanceof Error ? error.message : String(error);
          this.log.warn(`console open ${requestId} failed: ${message}`);
        }
        answer({ error: body });
      },
    );
  }

  private forget(session: ConsoleSession): void {
    this.sessions.delete(session);
    consoleSessions.set({ kind: 'socket.io' }, this.sessions.size);
    session.release().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(`the exec of a console on ${session.uuid} may still run: ${message}`);
    });
  }

  private sessionOf(state: SocketState): ConsoleSession {
    if (state.session === undefined) {
      throw new BadRequest('No console is open on this connection: emit open first.');
    }
    return state.session;
  }

  /** Runs a handler; what it throws goes to the client as an `error` event, never further. */
  private guarded(socket: Socket, state: SocketState, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      if (socket.connected) socket.emit('error', refusalOf(error, state.ctx.request_id));
    }
  }
}
