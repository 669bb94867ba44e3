/**
 * Docker multiplexes stdout and stderr of a non-tty container into frames: one byte stream type
 * (1 stdout, 2 stderr), three zero bytes, a big-endian uint32 length, then the payload. A tty
 * container has one raw stream and no frames at all.
 */
export interface Demuxed {
  stdout: Buffer;
  stderr: Buffer;
  /** Both streams interleaved in the order Docker sent them. */
  combined: Buffer;
}

const HEADER = 8;

export function demux(data: Buffer): Demuxed {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const combined: Buffer[] = [];
  let at = 0;
  while (at + HEADER <= data.length) {
    const type = data[at];
    const length = data.readUInt32BE(at + 4);
    const payload = data.subarray(at + HEADER, at + HEADER + length);
    if (type === 2) stderr.push(payload);
    else stdout.push(payload);
    combined.push(payload);
    at += HEADER + length;
  }
  return {
    stdout: Buffer.concat(stdout),
    stderr: Buffer.concat(stderr),
    combined: Buffer.concat(combined),
  };
}

/** Reads a stream (Node's or tar-stream's) to its end. */
export async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/** Output of a logs or exec call as text, demultiplexed unless the container has a tty. */
export function outputText(data: Buffer, tty: boolean): string {
  return (tty ? data : demux(data).combined).toString('utf8');
}
