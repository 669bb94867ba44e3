import { Transform } from 'node:stream';

/**
 * Docker multiplexes stdout and stderr of a non-tty container into frames: one byte stream type
 * (1 stdout, 2 stderr), three zero bytes, a big-endian uint32 length, then the payload. A tty
 * container has one raw stream and no frames at all.
 */
const HEADER = 8;

/**
 * Undoes Docker's frames incrementally, whatever the chunking: a payload's bytes are handed on as
 * soon as they arrive (slices of the input, no copy), so nothing waits for a whole frame and only
 * a partial 8-byte header is ever held back. Both streams come out interleaved in Docker's order.
 */
export class FrameDemuxer {
  private readonly header = Buffer.alloc(HEADER);
  private headerHave = 0;
  private payloadLeft = 0;

  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.payloadLeft > 0) {
        const n = Math.min(this.payloadLeft, chunk.length - at);
        out.push(chunk.subarray(at, at + n));
        this.payloadLeft -= n;
        at += n;
        continue;
      }
      const n = Math.min(HEADER - this.headerHave, chunk.length - at);
      chunk.copy(this.header, this.headerHave, at, at + n);
      this.headerHave += n;
      at += n;
      if (this.headerHave === HEADER) {
        this.payloadLeft = this.header.readUInt32BE(4);
        this.headerHave = 0;
      }
    }
    return out;
  }
}

/** A Transform from Docker's framed stream to the payload bytes, honouring backpressure. */
export function demuxStream(): Transform {
  const demuxer = new FrameDemuxer();
  return new Transform({
    transform(chunk: Buffer, _encoding, done): void {
      for (const part of demuxer.push(chunk)) this.push(part);
      done();
    },
  });
}

/** Reads a stream (Node's or tar-stream's) to its end; only for streams known to be small. */
export async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
