import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { TokenValidator } from '../auth/token-validator';
import { WatchSlots } from '../containers/watch/watch-slots';
import { followToken } from '../containers/watch/token-follower';
import { BadRequest } from '../errors/api-errors';
import { ApiConfig } from '../config/api-config';
import { RevocationFeed } from '../identity/revocation/revocation-feed.service';
import { Refusal } from '../input';
import { PolicyEnforcer } from '../policy';
import { authenticateSocket, refusalOf, SocketRefusal } from '../realtime/socket-auth';
import { SocketIoServer } from '../realtime/socket-io.server';
import type { RequestContext } from '../request-context';
import { EventSelection } from './event-selection';
import {
  LiveEventStreams,
  type EventSelector,
  type EventSink,
  type LiveEventView,
} from './live-event-streams';
import { streamPositionOf } from './stream-position';
import type { Position } from '@berth/drivers';

export const EVENTS_NAMESPACE = '/events';

/** What a client names in its handshake's `auth`, beside its token. */
interface Subscription {
  after?: Position;
  all_projects: boolean;
  container?: string;
}

/**
 * The live event stream over socket.io: namespace `/events`, the same events, selection and
 * views as GET /v1/events/stream. The handshake's `auth` holds `token` (Keystone), and optionally
 * `after` (a log position), `all_projects` (admins) or `container` (a uuid or name). A refused
 * handshake fails with `connect_error` whose `data` is Zun's error document.
 *
 * Each log event is emitted as `event` ({ id, ...view }) and must be acknowledged: the next one
 * is sent only after the client's ack, so a client reads at its own pace and the API holds one
 * event for it. A client that acks nothing for BERTH_CONSOLE_STALL_SECONDS is disconnected. To
 * resume after a disconnect, a client passes the last `id` it handled as `after` (socket.io-client
 * takes `auth` as a function, called again on each reconnect).
 */
@Injectable()
export class EventsNamespace implements OnModuleInit {
  private readonly log = new Logger(EventsNamespace.name);

  constructor(
    private readonly io: SocketIoServer,
    private readonly streams: LiveEventStreams,
    private readonly selection: EventSelection,
    private readonly slots: WatchSlots,
    private readonly policy: PolicyEnforcer,
    private readonly tokens: TokenValidator,
    private readonly revocations: RevocationFeed,
    private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    this.io.namespace(EVENTS_NAMESPACE, (namespace) => this.serve(namespace));
  }

  private serve(namespace: Namespace): void {
    namespace.use((socket, next) => {
      const requestId = `req-${socket.id}`;
      authenticateSocket(socket, this.tokens)
        .then((ctx) => {
          this.policy.enforce(ctx, 'events:stream');
          (socket.data as { ctx?: RequestContext }).ctx = ctx;
          next();
        })
        .catch((error: unknown) => next(new SocketRefusal(refusalOf(error, requestId))));
    });
    namespace.on('connection', (socket) => {
      void this.connected(socket).catch((error: unknown) => {
        socket.emit('error', refusalOf(error, `req-${socket.id}`));
        socket.disconnect(true);
      });
    });
  }

  private async connected(socket: Socket): Promise<void> {
    const { ctx } = socket.data as { ctx: RequestContext };
    const asked = subscriptionOf(socket.handshake.auth);
    if (asked.container !== undefined) this.policy.enforce(ctx, 'container:events');
    const release = this.slots.take(ctx);
    let select: EventSelector;
    try {
      select =
        asked.container === undefined
          ? this.selection.ofProject(ctx, asked.all_projects)
          : await this.selection.ofContainer(asked.container, ctx);
    } catch (error) {
      release();
      throw error;
    }
    const sink = new SocketSink(socket, this.config.streams.consoleStallSeconds * 1000);
    if (sink.isClosed) {
      release();
      return;
    }
    const stopReading = this.streams.start({
      sink,
      after: asked.after ?? { commit: 0n, prepare: 0n },
      select,
      disclosure: this.policy.disclosure(ctx),
    });
    const unfollowToken = followToken(
      ctx,
      this.tokens,
      this.revocations,
      () => sink.isClosed,
      () => {
        socket.emit('expired', {
          message: 'The token this stream was opened with is no longer valid.',
        });
        sink.end();
      },
    );
    socket.once('disconnect', () => {
      stopReading();
      unfollowToken();
      release();
    });
    this.log.debug(`event stream ${socket.id} opened`);
  }
}

/** Emits with an ack and waits for it; a disconnect lets the wait go. */
class SocketSink implements EventSink {
  private closed: boolean;
  private readonly gone: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly stallMs: number,
  ) {
    this.closed = socket.disconnected;
    this.gone = new Promise((resolve) => {
      socket.once('disconnect', () => {
        this.closed = true;
        resolve();
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async send(id: string, view: LiveEventView): Promise<void> {
    if (this.closed) return;
    const acked = this.socket
      .timeout(this.stallMs)
      .emitWithAck('event', { id, ...view })
      .then(
        () => undefined,
        () => {
          // No ack in time: a client that stopped reading is cut off, not waited for.
          this.end();
        },
      );
    await Promise.race([acked, this.gone]);
  }

  end(): void {
    if (!this.closed) this.socket.disconnect(true);
  }
}

/** The handshake's `auth` beside the token, checked as strictly as a query string. */
export function subscriptionOf(auth: Record<string, unknown>): Subscription {
  const out: Subscription = { all_projects: false };
  for (const [key, value] of Object.entries(auth)) {
    if (key === 'token') continue;
    if (key === 'after') {
      const position = typeof value === 'string' ? streamPositionOf(value) : null;
      if (position === null || position instanceof Refusal) {
        throw new BadRequest(`Invalid auth.after: expected a log position commit:prepare.`);
      }
      out.after = position;
    } else if (key === 'all_projects') {
      if (typeof value !== 'boolean') throw new BadRequest('Invalid auth.all_projects: a boolean.');
      out.all_projects = value;
    } else if (key === 'container') {
      if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
        throw new BadRequest('Invalid auth.container: a container uuid or name.');
      }
      out.container = value;
    } else {
      throw new BadRequest(`Unknown auth field ${JSON.stringify(key.slice(0, 64))}.`);
    }
  }
  if (out.all_projects && out.container !== undefined) {
    throw new BadRequest('Give auth.all_projects or auth.container, not both.');
  }
  return out;
}
