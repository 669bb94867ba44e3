import type { Socket } from 'socket.io';

/** The parts of `ws`' WebSocket the link uses (engine.io's websocket transport wraps one). */
interface RawWebSocket {
  bufferedAmount: number;
  pause(): void;
  resume(): void;
  terminate(): void;
}

interface QueuedPacket {
  data?: unknown;
}

/**
 * What socket.io does not expose and a console needs: how many bytes wait to reach this client,
 * when the transport wrote some, and pausing the reading of its socket. All of it is engine.io's
 * websocket transport (the only one the server allows) and the `ws` socket inside it, reached
 * here and nowhere else, so an upgrade of either breaks one file.
 */
export class EngineLink {
  constructor(private readonly socket: Socket) {}

  /** Packets engine.io holds until the transport is writable, plus what `ws` has not written. */
  queuedBytes(): number {
    let bytes = this.raw()?.bufferedAmount ?? 0;
    const buffered = (this.socket.conn as unknown as { writeBuffer?: QueuedPacket[] }).writeBuffer;
    for (const packet of buffered ?? []) bytes += sizeOf(packet.data);
    return bytes;
  }

  /** Calls `listener` each time the transport has written a batch to the network. */
  onDrain(listener: () => void): () => void {
    const transport = this.socket.conn.transport;
    transport.on('drain', listener);
    return () => transport.off('drain', listener);
  }

  /** Stops reading the client's socket (TCP then holds the client back). */
  pauseReading(): void {
    this.raw()?.pause();
  }

  resumeReading(): void {
    this.raw()?.resume();
  }

  /** Cuts the connection now: a client that reads nothing would never read a close either. */
  terminate(): void {
    const raw = this.raw();
    if (raw) raw.terminate();
    else this.socket.disconnect(true);
  }

  private raw(): RawWebSocket | undefined {
    const inner = (this.socket.conn.transport as unknown as { socket?: Partial<RawWebSocket> })
      .socket;
    return typeof inner?.bufferedAmount === 'number' &&
      typeof inner.pause === 'function' &&
      typeof inner.resume === 'function' &&
      typeof inner.terminate === 'function'
      ? (inner as RawWebSocket)
      : undefined;
  }
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (Buffer.isBuffer(data) || data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
