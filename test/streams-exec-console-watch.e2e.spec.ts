import { randomBytes } from 'node:crypto';
import { ConsoleProxy } from '../apps/api/src/console';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { ConsoleClient } from './support/console-stack';
import { MemoryPeak } from './support/stream-probe';
import { pollUntil } from './support/zun-cli';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}
interface ExecBody {
  output: string | null;
  exit_code: number | null;
  exec_id: string | null;
  proxy_url: string | null;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; title: string; detail: string }>;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const LIMITS = {
  execTimeoutSeconds: 3,
  execMaxOutputBytes: 64 * KiB,
  consoleMaxMessageBytes: 64 * KiB,
  consoleBufferBytes: 256 * KiB,
  consoleStallSeconds: 8,
  watchesPerProject: 3,
  watchesPerUser: 10,
};

const running = (c: View): boolean => c.status === 'Running' && c.task_state === null;
const command = (text: string): string => `command=${encodeURIComponent(text)}`;

/** Exec's deadline and output cap, the console's bounds, and the watch cap, on a real stack. */
describe('exec, console and watch streams within their bounds', () => {
  let berth: BerthStack;
  let box: string;

  beforeAll(async () => {
    berth = await BerthStack.start(
      [{ hostname: `e2e-${randomBytes(4).toString('hex')}`, networkMode: 'none' }],
      { streams: LIMITS },
    );
    const created = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'bounded',
      image: TEST_IMAGE,
      command: ['sh'],
      interactive: true,
      tty: true,
    });
    expect(created.status).toBe(202);
    box = created.body.uuid;
    await berth.waitFor<View>(box, running);
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  const exec = (text: string): Promise<{ status: number; body: ExecBody & ErrorBody }> =>
    berth.request<ExecBody & ErrorBody>('POST', `/v1/containers/${box}/execute?${command(text)}`);

  const processes = async (): Promise<string> => (await exec('ps -o pid,args')).body.output ?? '';

  it('ends an exec past its deadline with Zun’s 409, leaving none of its processes behind', async () => {
    const started = Date.now();
    const late = await exec('sh -c "sleep 471 & (sleep 472 &); sleep 473"');
    const took = Date.now() - started;

    expect(late.status).toBe(409);
    expect(late.body.errors[0].title).toBe(
      'Timeout on executing command: "sh" "-c" "sleep 471 & (sleep 472 &); sleep 473" (it ran past 3 s and was killed).',
    );
    expect(took).toBeGreaterThanOrEqual(3000);
    expect(took).toBeLessThan(15_000);
    expect(await processes()).not.toMatch(/sleep 47[123]/);

    // The exec is a finished (failed) action: the container takes the next one at once.
    const next = await exec('echo after');
    expect(next.body).toMatchObject({ output: 'after\n', exit_code: 0 });
  });

  it('answers the tail of an output over the cap, behind a line saying how much is missing', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line-${i}\n`).join('');
    const script = 'i=0; while [ $i -lt 20000 ]; do echo line-$i; i=$((i+1)); done';
    const res = await exec(`sh -c '${script}'`);

    expect(res.status).toBe(200);
    const dropped = lines.length - LIMITS.execMaxOutputBytes;
    expect(res.body.output).toBe(
      `[output truncated: the first ${dropped} bytes are not shown]\n${lines.slice(-LIMITS.execMaxOutputBytes)}`,
    );
    expect(res.body.exit_code).toBe(0);
  });

  const attachUrl = async (): Promise<string> => {
    const res = await berth.request<string>('GET', `/v1/containers/${box}/attach`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('closes a console with 1009 when a message exceeds the maximum size', async () => {
    const console = await ConsoleClient.connect(await attachUrl());
    console.ws.send(Buffer.alloc(LIMITS.consoleMaxMessageBytes + 1, 0x61), { binary: true });
    expect((await console.closed).code).toBe(1009);
    // A message at the limit is fine.
    const again = await ConsoleClient.connect(await attachUrl());
    again.ws.send(Buffer.alloc(LIMITS.consoleMaxMessageBytes, 0x20), { binary: true });
    again.send('\necho fine-$((1+1))\n');
    await again.waitFor(/fine-2/);
    await again.close();
  });

  it('pauses a flood for a client that stops reading, without stalling another console or the API, then drops it', async () => {
    const flood = await berth.request<ExecBody>(
      'POST',
      `/v1/containers/${box}/execute?${command('sh -c "yes berth-flood | head -c 400000000"')}&interactive=True&run=False`,
    );
    expect(flood.status).toBe(200);
    const proxy = berth.app.app.get(ConsoleProxy);

    const peak = await MemoryPeak.start();
    const stalled = await ConsoleClient.connect(flood.body.proxy_url ?? '');
    let other: ConsoleClient | undefined;
    try {
      await stalled.waitFor(/berth-flood/);
      // Stop reading: the kernel's socket buffers fill (megabytes on loopback), then the
      // proxy's queue; past its bound Docker is paused.
      stalled.ws.pause();
      await pollUntil(
        'the queue to pass its bound',
        () => Promise.resolve(proxy.mostQueuedBytes > LIMITS.consoleBufferBytes ? true : undefined),
        30_000,
      );
      // Paused, the queue stays there (one chunk above at most); unpaced, it grows without end
      // (a run with the pause taken out queued ~300 KiB more every 100 ms here).
      let mostQueued = 0;
      for (let i = 0; i < 20; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        mostQueued = Math.max(mostQueued, proxy.mostQueuedBytes);
      }
      expect(mostQueued).toBeLessThan(LIMITS.consoleBufferBytes + 128 * KiB);

      // Meanwhile another console on the same container and the API answer promptly.
      other = await ConsoleClient.connect(await attachUrl());
      other.send('echo other-$((40+2))\n');
      await other.waitFor(/other-42/, 5000);
      const started = Date.now();
      const shown = await berth.request<View>('GET', `/v1/containers/${box}`);
      expect(shown.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2000);

      // Past the stall limit the reader is dropped; the other console stays.
      await pollUntil(
        'the stalled console to be dropped',
        () => Promise.resolve(proxy.openSessions === 1 ? true : undefined),
        LIMITS.consoleStallSeconds * 1000 + 5000,
      );
      const growth = peak.stop();
      expect(growth.heapAndExternal).toBeLessThan(48 * MiB);
      console.log(
        `stalled console: ${(mostQueued / KiB).toFixed(0)} KiB queued at most; API process grew by at most ${(growth.heapAndExternal / MiB).toFixed(1)} MiB heap+external`,
      );
      stalled.ws.resume();
      expect((await stalled.closed).code).toBe(1006);

      other.send('echo still-$((2*3))\n');
      await other.waitFor(/still-6/);
    } finally {
      peak.stop();
      stalled.ws.terminate();
      await other?.close();
      await exec('killall yes');
    }
  });

  it('refuses a watch past the project’s cap with 429 and Retry-After, and takes one again once a watch ends', async () => {
    const open = (): { done: Promise<Response>; abort: () => void } => {
      const controller = new AbortController();
      const done = fetch(`${berth.url}/v1/containers/${box}/watch`, {
        headers: { 'x-auth-token': berth.adminToken, 'openstack-api-version': 'container 1.40' },
        signal: controller.signal,
      });
      return { done, abort: () => controller.abort() };
    };
    const watches = [open(), open(), open()];
    for (const w of watches) expect((await w.done).status).toBe(200);

    const refused = await open().done;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    const body = (await refused.json()) as ErrorBody;
    expect(body.errors[0]).toMatchObject({
      status: 429,
      code: 'container.too-many-requests',
      title: 'Too many open watch streams for this project (at most 3); close one or retry later.',
    });

    watches[0].abort();
    const accepted = await pollUntil('a watch slot to be given back', async () => {
      const next = open();
      const res = await next.done;
      if (res.status === 200) return next;
      await res.body?.cancel();
      return undefined;
    });
    accepted.abort();
    for (const w of watches.slice(1)) w.abort();
  });
});
