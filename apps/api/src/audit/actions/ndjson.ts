import { once } from 'node:events';
import type { HttpResponse } from '../../request-context/http.types';

/**
 * Writes batches of objects as NDJSON, one JSON object per line, honouring back-pressure so a
 * slow client holds the producer back instead of letting the response buffer grow.
 * Stops early (without error) when the client goes away.
 */
export async function writeNdjson(
  res: HttpResponse,
  batches: AsyncIterable<readonly object[]>,
): Promise<void> {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  res.flushHeaders();
  try {
    for await (const batch of batches) {
      for (const item of batch) {
        if (res.destroyed) return;
        if (!res.write(`${JSON.stringify(item)}\n`)) await drainOrClose(res);
      }
    }
    res.end();
  } catch (error) {
    // The status line is gone already: cutting the connection is the only way to say "failed".
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Waits for the buffer to empty or the client to leave, removing the listener that lost. */
async function drainOrClose(res: HttpResponse): Promise<void> {
  const loser = new AbortController();
  const wait = (event: string): Promise<unknown> =>
    once(res, event, { signal: loser.signal }).catch(() => undefined);
  await Promise.race([wait('drain'), wait('close')]);
  loser.abort();
}
