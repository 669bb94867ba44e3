/** One server-sent event of GET /v1/containers/{ident}/watch. */
export interface WatchEvent {
  event: string;
  data: unknown;
}

/**
 * Reads a watch stream event by event; `until` decides when to stop (the stream is then
 * cancelled). Resolves with the event that satisfied `until`, or throws when the stream ends first.
 */
export async function readWatch(
  res: Response,
  until: (event: WatchEvent) => boolean,
): Promise<WatchEvent> {
  if (res.status !== 200 || !res.body) throw new Error(`watch answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('watch stream ended');
      pending += value;
      let end: number;
      while ((end = pending.indexOf('\n\n')) !== -1) {
        const frame = parseFrame(pending.slice(0, end));
        pending = pending.slice(end + 2);
        if (frame && until(frame)) return frame;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** `event:` and `data:` lines; comment lines (keep-alives) make no event. */
function parseFrame(frame: string): WatchEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice('event: '.length);
    else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
  }
  return data.length === 0 ? null : { event, data: JSON.parse(data.join('\n')) as unknown };
}
