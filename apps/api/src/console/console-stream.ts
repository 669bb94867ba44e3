/**
 * Byte plumbing between a Docker stream and a websocket: zunclient decodes every websocket
 * message as UTF-8 on its own, so a character split across two messages would crash it. (Docker's
 * frames of a non-tty container are undone first, by the drivers' FrameDemuxer.)
 */

/** Holds back a trailing incomplete UTF-8 sequence until the bytes completing it arrive. */
export class Utf8Boundary {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = completeLength(data);
    this.pending = Buffer.from(data.subarray(cut));
    return data.subarray(0, cut);
  }

  /** Whatever is still held back (at the end of the stream). */
  flush(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}

/** The length of the longest prefix not ending inside a multi-byte sequence. */
function completeLength(data: Buffer): number {
  // A sequence is at most 4 bytes: look back at most 3 bytes for its lead byte.
  for (let back = 1; back <= Math.min(3, data.length); back += 1) {
    const byte = data[data.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? data.length - back : data.length;
  }
  return data.length;
}
