/**
 * Keeps the last `limit` bytes of an output of any length, and counts what it let go. Chunks are
 * copied in: a slice of a socket read would keep the whole read alive, and many small slices of
 * many reads could hold far more than `limit`.
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private held = 0;
  private seen = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.seen += chunk.length;
    const kept = chunk.length > this.limit ? chunk.subarray(chunk.length - this.limit) : chunk;
    this.chunks.push(Buffer.from(kept));
    this.held += kept.length;
    // Drop whole chunks from the front while what remains still covers the limit.
    while (this.chunks.length > 1 && this.held - this.chunks[0].length >= this.limit) {
      this.held -= this.chunks[0].length;
      this.chunks.shift();
    }
  }

  /**
   * The kept bytes as text and how many earlier bytes were dropped. A cut that fell inside a
   * UTF-8 character drops that character's remaining bytes too, rather than show a broken one.
   */
  result(): { text: string; droppedBytes: number } {
    let data = Buffer.concat(this.chunks);
    if (data.length > this.limit) data = data.subarray(data.length - this.limit);
    let dropped = this.seen - data.length;
    if (dropped > 0) {
      let skip = 0;
      while (skip < Math.min(3, data.length) && (data[skip] & 0xc0) === 0x80) skip += 1;
      data = data.subarray(skip);
      dropped += skip;
    }
    return { text: data.toString('utf8'), droppedBytes: dropped };
  }
}
