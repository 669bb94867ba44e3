/** One server-sent event: its `id:` (a log position, or null), name and parsed data. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: unknown;
}

/**
 * An open SSE response read frame by frame. `next` waits for the next event (keep-alive comments
 * skipped) or null once the stream has ended; `close` disconnects.
 */
export class SseClient {
  private readonly reader: ReadableStreamDefaultReader<string>;
  private pending = '';
  private ended = false;

  constructor(
    readonly res: Response,
    private readonly abort: AbortController,
  ) {
    if (!res.body) throw new Error(`no body (status ${res.status})`);
    this.reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  }

  static async open(url: string, headers: Record<string, string>): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(url, { headers, signal: abort.signal });
    if (res.status !== 200) {
      throw new Error(`stream answered ${res.status}: ${await res.text()}`);
    }
    return new SseClient(res, abort);
  }

  async next(timeoutMs = 15_000): Promise<SseEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let end: number;
      while ((end = this.pending.indexOf('\n\n')) !== -1) {
        const frame = parseFrame(this.pending.slice(0, end));
        this.pending = this.pending.slice(end + 2);
        if (frame) return frame;
      }
      if (this.ended) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no event in time');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('no event in time')), left);
      });
      try {
        const { value, done } = await Promise.race([this.reader.read(), timeout]);
        if (done) this.ended = true;
        else this.pending += value;
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** The next `count` events, in order. */
  async take(count: number, timeoutMs = 30_000): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    while (out.length < count) {
      const event = await this.next(Math.max(1, deadline - Date.now()));
      if (event === null) throw new Error(`stream ended after ${out.length} of ${count} events`);
      out.push(event);
    }
    return out;
  }

  close(): void {
    this.abort.abort();
    void this.reader.cancel().catch(() => undefined);
  }
}

function parseFrame(frame: string): SseEvent | null {
  let id: string | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice('id: '.length);
    else if (line.startsWith('event: ')) event = line.slice('event: '.length);
    else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
  }
  return data.length === 0 ? null : { id, event, data: JSON.parse(data.join('\n')) as unknown };
}
