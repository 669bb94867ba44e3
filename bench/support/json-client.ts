import { Agent, request } from 'node:http';

/**
 * A lean HTTP/1.1 JSON client for load generation: node:http on kept-alive sockets. The benches
 * run their clients on the machine they measure, and `fetch` (undici with WHATWG streams) spent
 * about a quarter of the bench process's CPU in the scale run: CPU the API then could not have.
 */
export class JsonClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(readonly baseUrl: string) {}

  call(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            ...headers,
            ...(payload === undefined
              ? {}
              : {
                  'content-type': 'application/json',
                  'content-length': String(Buffer.byteLength(payload)),
                }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              json: text ? (JSON.parse(text) as unknown) : null,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}
