import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Full garbage collections until memory stops falling, so a baseline is not inflated by a previous
 * test's garbage: Buffers' memory is freed some time after the collection that finds them dead.
 */
async function settleGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let before = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 20; round += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = MemoryPeak.now().heapAndExternal;
    if (before - now < 1024 * 1024) return;
    before = now;
  }
}

/** What memory grew by between `MemoryPeak.start()` and `stop()`, at its highest. */
export interface MemoryGrowth {
  /** V8 heap in use plus memory outside it (Buffers): what a buffered body would show up in. */
  heapAndExternal: number;
  rss: number;
}

/**
 * Samples this process' memory every few milliseconds. The API of an e2e stack runs in the test's
 * own process, so this sees what a request costs it (the test's own reading included).
 */
export class MemoryPeak {
  private peakHeap = 0;
  private peakRss = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly base = MemoryPeak.now();

  private constructor(intervalMs: number) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.sample();
  }

  /** Starts sampling once the garbage already there is collected. */
  static async start(intervalMs = 5): Promise<MemoryPeak> {
    await settleGarbage();
    return new MemoryPeak(intervalMs);
  }

  stop(): MemoryGrowth {
    this.sample();
    clearInterval(this.timer);
    return {
      heapAndExternal: this.peakHeap - this.base.heapAndExternal,
      rss: this.peakRss - this.base.rss,
    };
  }

  private sample(): void {
    const now = MemoryPeak.now();
    this.peakHeap = Math.max(this.peakHeap, now.heapAndExternal);
    this.peakRss = Math.max(this.peakRss, now.rss);
  }

  /** This process' memory now, in the two measures. */
  static now(): MemoryGrowth {
    const m = process.memoryUsage();
    return { heapAndExternal: m.heapUsed + m.external, rss: m.rss };
  }
}

/** A streamed response as the client saw it, without its body ever held whole. */
export interface StreamedBody {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
  sha256: string;
  /** The first 64 and last 256 bytes, to check the body's shape. */
  head: string;
  tail: string;
  /** Whether the body arrived whole (false when the server cut it short). */
  complete: boolean;
}

/** GETs `url`, hashing the body as it arrives. */
export function streamGet(url: string, headers: Record<string, string>): Promise<StreamedBody> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      let head = '';
      let tail = Buffer.alloc(0);
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        if (head.length < 64) head += chunk.subarray(0, 64).toString('latin1');
        tail = Buffer.concat([tail, chunk]).subarray(-256);
      });
      const done = (complete: boolean): void =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes,
          sha256: hash.digest('hex'),
          head: head.slice(0, 64),
          tail: tail.toString('latin1'),
          complete,
        });
      res.on('end', () => done(true));
      res.on('aborted', () => done(false));
      res.on('error', () => done(false));
    });
    req.on('error', reject);
    req.end();
  });
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
