import type { Socket } from 'socket.io';
import { FrameDemuxer } from '@berth/drivers';
import { BadRequest } from '../errors/api-errors';
import { closeDockerStream, type OpenedConsole, type StreamEnd } from './console-opener';
import type { TerminalSize } from './console-requests';
import type { EngineLink } from './engine-link';
import { OutputValve, type ValveBounds } from './output-valve';

/** Reasons a session ends for, beyond the Docker stream's own (see console-opener). */
export const END_REASONS = {
  closed: 'closed',
  tokenInvalid: 'token_invalid',
  tooSlow: 'client_too_slow',
  engineError: 'engine_error',
  shutdown: 'shutdown',
  disconnected: 'disconnected',
} as const;

/** What a session reports back to its namespace. */
export interface SessionHooks {
  /** The engine failed after open: the client gets this error document before `end`. */
  failure(error: unknown): void;
  /** The session is over and released; called once. */
  gone(session: ConsoleSession): void;
}

/**
 * One console: Docker's stream piped to one socket.io client and back. Output goes out as
 * `output` chunks through an OutputValve (the Docker stream is paused while the client is
 * behind; a client behind for the whole stall bound is cut off). Input goes to Docker's stdin;
 * while stdin takes no more, the client's socket is not read. The session ends once, for
 * whichever comes first: the stream's end, the client's `close` or disconnect, the token, the
 * stall, shutdown. Ending emits `end`, detaches from Docker, ends an exec's processes, and
 * disconnects the client; it never stops the container.
 */
export class ConsoleSession {
  private over = false;
  private readonly valve: OutputValve;
  private readonly stopDrainWatch: () => void;
  private awaitingStdin = false;

  constructor(
    private readonly socket: Socket,
    private readonly link: EngineLink,
    private readonly opened: OpenedConsole,
    bounds: ValveBounds,
    private readonly hooks: SessionHooks,
  ) {
    const { stream } = opened;
    this.valve = new OutputValve(bounds, {
      queued: () => link.queuedBytes(),
      pause: () => stream.pause(),
      resume: () => stream.resume(),
      stalled: () => this.end({ reason: END_REASONS.tooSlow }, 'terminate'),
    });
    this.stopDrainWatch = link.onDrain(() => this.valve.drained());
  }

  get kind(): OpenedConsole['kind'] {
    return this.opened.kind;
  }

  get uuid(): string {
    return this.opened.uuid;
  }

  get queuedBytes(): number {
    return this.link.queuedBytes();
  }

  /** Starts piping output; call once the client has its `open` acknowledgement. */
  start(): void {
    const { stream, framed } = this.opened;
    const demuxer = framed ? new FrameDemuxer() : undefined;
    stream.on('data', (chunk: Buffer | string) => {
      if (this.over) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (const part of demuxer ? demuxer.push(bytes) : [bytes]) {
        if (part.length > 0) this.socket.emit('output', part);
      }
      this.valve.sent();
    });
    let finishing = false;
    const finish = (): void => {
      if (this.over || finishing) return;
      finishing = true;
      void this.opened.ended().then((info) => this.end(info, 'disconnect'));
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (error: Error) => {
      if (this.over) return;
      this.hooks.failure(error);
      this.end({ reason: END_REASONS.engineError }, 'disconnect');
    });
    stream.resume();
  }

  /** Bytes for the process's stdin. */
  input(bytes: Buffer): void {
    if (this.over) return;
    const { stream } = this.opened;
    if (stream.write === undefined) throw new BadRequest('A logs console takes no input.');
    if (stream.write(bytes) || this.awaitingStdin) return;
    this.awaitingStdin = true;
    this.link.pauseReading();
    stream.once('drain', () => {
      this.awaitingStdin = false;
      this.link.resumeReading();
    });
  }

  /** Resizes the terminal; a logs console (or one without a tty) has none and ignores it. */
  async resize(size: TerminalSize): Promise<void> {
    if (this.over || this.opened.resize === undefined) return;
    await this.opened.resize(size);
  }

  /**
   * Ends the session once. `disconnect`: `end` is sent, then this namespace's socket is
   * disconnected after it; `terminate`: the whole connection is cut (a client that reads nothing
   * would read neither, and its queue must go); `none`: it is gone already.
   */
  end(info: StreamEnd, then: 'disconnect' | 'terminate' | 'none'): void {
    if (this.over) return;
    this.over = true;
    this.valve.stop();
    this.stopDrainWatch();
    if (this.awaitingStdin) this.link.resumeReading();
    closeDockerStream(this.opened.stream);
    if (then === 'disconnect' && this.socket.connected) {
      this.socket.emit('end', info);
      // This namespace only: a client's other namespaces (/events) may share the connection.
      this.socket.disconnect();
    } else if (then === 'terminate') {
      this.link.terminate();
    }
    this.hooks.gone(this);
  }

  /** What must not outlive the console (an exec's processes), once it is over. */
  release(): Promise<void> {
    return this.opened.release();
  }
}
