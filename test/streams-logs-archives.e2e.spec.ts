import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameDemuxer } from '@berth/drivers';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { MemoryPeak, sha256, streamGet } from './support/stream-probe';
import { listStackContainers, pollUntil, removeDockerContainers, zunCli } from './support/zun-cli';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}

const MiB = 1024 * 1024;
/** Random bytes the log container base64-encodes into ~128 MiB of log, in 4,000-character lines. */
const LOG_RANDOM_BYTES = 96 * MiB;
/** The file whose archive is measured (its body is ~128 MiB of base64). */
const ARCHIVE_BYTES = 96 * MiB;
/** What the real CLI reads: zunclient holds a whole body, so smaller sizes keep the run short. */
const CLI_BYTES = 6 * MiB;

/**
 * How much the API's process may grow while serving one of these bodies. Streaming keeps it to
 * a few chunks, plus garbage not yet collected: quiet runs here grew by 1-35 MiB whatever the size
 * (16 to 160 MiB), but on a loaded machine V8 collects later and a run grew by 75 MiB. Buffered
 * whole, a body costs at least twice its size (the engine's bytes and the JSON text), so the
 * bound sits at the body's own size: half of what buffering costs, above what garbage reaches.
 */
const GROWTH_BOUND = (bodyBytes: number): number => bodyBytes;

/**
 * Logs and get_archive stream from Docker through the API: memory in the API's process grows
 * by far less than the body, and the body is still exactly what Docker holds. The stack runs in
 * this process, so process.memoryUsage() around a request measures the API (and this test's
 * reading, which hashes and drops each chunk).
 */
describe('logs and archives of any size, in bounded API memory', () => {
  let berth: BerthStack;
  let logger: string;
  let keeper: string;
  let cliLogger: string;

  beforeAll(async () => {
    berth = await BerthStack.start();
    const log = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'big-log',
      image: TEST_IMAGE,
      command: ['sh', '-c', `head -c ${LOG_RANDOM_BYTES} /dev/urandom | base64 -w 4000`],
    });
    const files = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'big-file',
      image: TEST_IMAGE,
      command: [
        'sh',
        '-c',
        `head -c ${ARCHIVE_BYTES} /dev/urandom > /tmp/big; head -c ${CLI_BYTES} /dev/urandom > /tmp/mid; sleep 300`,
      ],
    });
    const cliLog = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'mid-log',
      image: TEST_IMAGE,
      command: ['sh', '-c', `head -c ${CLI_BYTES} /dev/urandom | base64`],
    });
    expect([log.status, files.status, cliLog.status]).toEqual([202, 202, 202]);
    logger = log.body.uuid;
    keeper = files.body.uuid;
    cliLogger = cliLog.body.uuid;
    await berth.waitFor<View>(logger, (c) => c.status === 'Stopped', 90_000);
    await berth.waitFor<View>(cliLogger, (c) => c.status === 'Stopped', 90_000);
    await berth.waitFor<View>(keeper, (c) => c.status === 'Running', 90_000);
    // The files are written before the sleep; their size says they are complete.
    await pollUntil(
      'the files to be written',
      async () => {
        const ls = await berth.request<{ output: string }>(
          'POST',
          `/v1/containers/${keeper}/execute?command=${encodeURIComponent('ls -l /tmp/big /tmp/mid')}`,
        );
        const sizes = ls.body.output.match(/ \d{6,} /g)?.map((s) => Number(s.trim()));
        return sizes?.includes(ARCHIVE_BYTES) && sizes.includes(CLI_BYTES) ? true : undefined;
      },
      60_000,
    );
    // A first, small request warms the path up (JIT, pools), so the measure is of the stream.
    await berth.request('GET', `/v1/containers/${logger}/logs?tail=1`);
  }, 120_000);

  afterAll(async () => {
    if (!berth) return;
    const uuids = await listStackContainers(berth).catch(() => []);
    await berth.close();
    await removeDockerContainers(berth, uuids);
  });

  const headers = (): Record<string, string> => ({
    'x-auth-token': berth.adminToken,
    'openstack-api-version': 'container 1.40',
  });

  /** The log exactly as Docker holds it, demultiplexed, read straight from the engine. */
  async function dockerLog(uuid: string): Promise<string> {
    const raw = await berth.docker
      .getContainer(`berth-${uuid}`)
      .logs({ stdout: true, stderr: true, follow: false });
    return Buffer.concat(new FrameDemuxer().push(raw)).toString('utf8');
  }

  it('serves a 128 MiB log as Zun’s JSON string, growing API memory by less than its size', async () => {
    const peak = await MemoryPeak.start();
    const body = await streamGet(`${berth.url}/v1/containers/${logger}/logs`, headers());
    const growth = peak.stop();

    expect(body.status).toBe(200);
    expect(body.headers['content-type']).toMatch(/^application\/json/);
    expect(body.complete).toBe(true);
    expect(body.bytes).toBeGreaterThan(128 * MiB);
    expect(growth.heapAndExternal).toBeLessThan(GROWTH_BOUND(body.bytes));
    console.log(
      `logs: ${(body.bytes / MiB).toFixed(1)} MiB served; API process grew by at most ` +
        `${(growth.heapAndExternal / MiB).toFixed(1)} MiB heap+external, ${(growth.rss / MiB).toFixed(1)} MiB RSS`,
    );

    const expected = JSON.stringify(await dockerLog(logger));
    expect(body.bytes).toBe(Buffer.byteLength(expected));
    expect(body.sha256).toBe(sha256(expected));
  });

  it('serves a 96 MiB file’s archive as Zun’s JSON, growing API memory by less than its size', async () => {
    const url = `${berth.url}/v1/containers/${keeper}/get_archive?path=%2Ftmp%2Fbig`;
    const peak = await MemoryPeak.start();
    const body = await streamGet(url, headers());
    const growth = peak.stop();

    expect(body.status).toBe(200);
    expect(body.complete).toBe(true);
    expect(body.head.startsWith('{"data": "')).toBe(true);
    expect(body.tail).toMatch(/", "stat": \{"name":"big","size":100663296,.*\}\}$/);
    expect(growth.heapAndExternal).toBeLessThan(GROWTH_BOUND(body.bytes));
    console.log(
      `get_archive: ${(body.bytes / MiB).toFixed(1)} MiB served; API process grew by at most ` +
        `${(growth.heapAndExternal / MiB).toFixed(1)} MiB heap+external, ${(growth.rss / MiB).toFixed(1)} MiB RSS`,
    );

    // The data is Docker's own tar of the file, byte for byte.
    const stream = await berth.docker
      .getContainer(`berth-${keeper}`)
      .getArchive({ path: '/tmp/big' });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const tar = Buffer.concat(chunks);
    const stat = body.tail.slice(body.tail.indexOf('"stat": ') + '"stat": '.length, -1);
    expect(body.sha256).toBe(sha256(`{"data": "${tar.toString('base64')}", "stat": ${stat}}`));
  });

  it('the real zun CLI: logs, and cp out of and into the container, of megabytes', async () => {
    const zun = zunCli(berth);
    const logs = await zun('logs', 'mid-log');
    expect(logs.code).toBe(0);
    // The CLI prints the log with print(): one more newline.
    expect(sha256(logs.stdout)).toBe(sha256(`${await dockerLog(cliLogger)}\n`));

    const dir = await mkdtemp(join(tmpdir(), 'berth-cp-'));
    try {
      const out = await zun('cp', 'big-file:/tmp/mid', dir);
      expect(out).toMatchObject({ code: 0, stderr: '' });
      const copied = await readFile(join(dir, 'mid'));
      expect(copied.length).toBe(CLI_BYTES);

      await writeFile(join(dir, 'small.txt'), 'into the container\n');
      const into = await zun('cp', join(dir, 'small.txt'), 'big-file:/tmp');
      expect(into).toMatchObject({ code: 0, stderr: '' });
      const cat = await zun('exec', 'big-file', 'cat', '/tmp/small.txt');
      expect(cat.stdout.trim()).toBe('into the container');
      const sum = await zun('exec', 'big-file', 'md5sum', '/tmp/mid');
      expect(sum.stdout.split(' ')[0]).toBe(createHash('md5').update(copied).digest('hex'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers a missing path and an unknown container as before: Zun’s 404, not a stream', async () => {
    const absent = await berth.request<{ errors: Array<{ title: string }> }>(
      'GET',
      `/v1/containers/${keeper}/get_archive?path=%2Fnope`,
    );
    expect(absent.status).toBe(404);
    expect(absent.body.errors[0].title).toBe(
      `Could not find the file /nope in container ${keeper}.`,
    );
    const unknown = await berth.request('GET', '/v1/containers/nope/logs');
    expect(unknown.status).toBe(404);
  });
});
