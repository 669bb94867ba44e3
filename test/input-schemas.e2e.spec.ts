import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { pack } from 'tar-stream';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { pollUntil } from './support/zun-cli';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; title: string; detail: string }>;
}

const running = (c: View): boolean => c.status === 'Running' && c.task_state === null;

async function tarOf(name: string, content: string): Promise<string> {
  const p = pack();
  p.entry({ name, mode: 0o644 }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('base64');
}

/**
 * Issue 12's schema half against the running stack: what a request names must exist (a host, an
 * availability zone, a network, a marker) before anything is appended, bad bodies and query
 * parameters leave nothing behind, and Docker's refusals of an archive path come back in Berth's
 * words, never as a 500 or Docker's own message.
 */
describe('request schemas and the existence of what a request names', () => {
  let berth: BerthStack;
  let pool: Pool;
  let io: string;

  /** Every event in the log and every container row: a refused request changes neither. */
  async function footprint(): Promise<{ events: number; containers: number }> {
    const { rows } = await pool.query<{ events: string; containers: string }>(
      `SELECT (SELECT count(*) FROM berth_events.events) AS events,
              (SELECT count(*) FROM berth_read.containers) AS containers`,
    );
    return { events: Number(rows[0].events), containers: Number(rows[0].containers) };
  }

  function title(res: { body: unknown }): string {
    return (res.body as ErrorBody).errors[0].title;
  }

  beforeAll(async () => {
    berth = await BerthStack.start();
    pool = new Pool({ connectionString: berth.app.config.databaseUrl, max: 2 });
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'schemas-io',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      nets: [{ network: 'known' }],
    });
    expect(res.status).toBe(202);
    io = (await berth.waitFor<View>(res.body.uuid, running)).uuid;
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    if (!berth) return;
    await berth.request('DELETE', `/v1/containers/${io}?force=True`);
    await berth.close();
    await berth.docker
      .listNetworks({ filters: { label: ['berth.network=known'] } })
      .then((nets) => Promise.all(nets.map((n) => berth.docker.getNetwork(n.Id).remove())))
      .catch(() => undefined);
  });

  describe('creates that Zun would refuse, or accept and leave in Error', () => {
    it.each<[string, Record<string, unknown>, number, RegExp]>([
      ['a one-letter image', { image: 'a' }, 400, /image: expected 2 to 255 characters/],
      ['an image of punctuation', { image: '!!!' }, 400, /is not an image reference/],
      ['cpu: true', { cpu: true }, 400, /field\/attribute cpu: expected a number/],
      ['disk: true', { disk: true }, 400, /field\/attribute disk: expected a whole number/],
      ['a string command at 1.40', { command: 'sleep 300' }, 400, /it is a list of strings/],
      ['restart_policy: []', { restart_policy: [] }, 400, /restart_policy: expected an object/],
      ['healthcheck: []', { healthcheck: [] }, 400, /healthcheck: expected an object/],
      ['security_groups: [""]', { security_groups: [''] }, 400, /security_groups: item 0/],
      ['an unknown key', { colour: 'red' }, 400, /Additional properties are not allowed/],
      ['a key named constructor', { constructor: 1 }, 400, /'constructor' was unexpected/],
      [
        'a host no compute has',
        { host: 'no-such-host' },
        404,
        /^Requested host no-such-host could not be found\.$/,
      ],
      [
        'an availability zone no service is in',
        { availability_zone: 'atlantis' },
        404,
        /^Availability zone atlantis could not be found\.$/,
      ],
    ])('refuses %s and leaves nothing behind', async (_why, fields, status, message) => {
      const before = await footprint();
      const res = await berth.request<ErrorBody>('POST', '/v1/containers?run=true', {
        image: TEST_IMAGE,
        ...fields,
      });
      expect({ status: res.status, title: title(res) }).toEqual({
        status,
        title: expect.stringMatching(message),
      });
      expect(await footprint()).toEqual(before);
    });

    it('places a create naming a host that exists there', async () => {
      const res = await berth.request<View & { host: string }>('POST', '/v1/containers', {
        image: TEST_IMAGE,
        host: berth.hostname,
        command: ['true'],
      });
      expect(res.status).toBe(202);
      expect(res.body.host).toBe(berth.hostname);
      const gone = await berth.request('DELETE', `/v1/containers/${res.body.uuid}?force=True`);
      expect(gone.status).toBe(204);
      // The delete ends in compute: wait for it, so later footprints count only their own request.
      await pollUntil(`${res.body.uuid} to be gone`, async () =>
        (await berth.request('GET', `/v1/containers/${res.body.uuid}`)).status === 404
          ? true
          : undefined,
      );
    });
  });

  describe('query parameters', () => {
    it.each<[string, string, RegExp]>([
      ['POST', 'stop?timeout=1e3', /query parameter timeout: expected a whole number/],
      ['POST', 'stop?timeout=1.5', /query parameter timeout/],
      ['POST', 'stop?timeout=%203', /query parameter timeout/],
      ['POST', 'stop?timeout=%2B3', /query parameter timeout/],
      ['POST', 'stop?timeout=0x10', /query parameter timeout/],
      ['POST', 'stop?timeout=1&timeout=2', /timeout: it must be given once/],
      ['POST', 'reboot?timeout=-1', /query parameter timeout/],
      ['POST', 'kill?signal=SIGBOGUS', /query parameter signal/],
      ['POST', 'start?force=True', /^Unknown parameters: force$/],
      ['POST', 'resize?w=80&h=0', /query parameter h: expected a whole number from 1 to 65535/],
      ['POST', 'execute?command=%22ls%22&run=1', /query parameter run/],
      ['GET', 'logs?tail=1e3', /query parameter tail/],
      ['GET', 'top?ps_args=aux%3Bid', /query parameter ps_args/],
      ['POST', 'commit?repository=UPPER%2Fx', /query parameter repository/],
      ['POST', 'rebuild?image=!!!', /query parameter image/],
      ['DELETE', '?force=maybe', /query parameter force/],
      ['GET', '?all_projects=perhaps', /query parameter all_projects/],
    ])('refuses %s %s before anything is looked up or appended', async (method, route, message) => {
      const before = await footprint();
      const res = await berth.request<ErrorBody>(
        method,
        `/v1/containers/${io}/${route}`.replace('/?', '?'),
      );
      expect({ status: res.status, title: title(res) }).toEqual({
        status: 400,
        title: expect.stringMatching(message),
      });
      expect(await footprint()).toEqual(before);
    });

    it('still takes what the zun CLI sends', async () => {
      const show = await berth.request('GET', `/v1/containers/${io}?all_projects=False`);
      expect(show.status).toBe(200);
      const logs = await berth.request(
        'GET',
        `/v1/containers/${io}/logs?stdout=True&stderr=True&timestamps=False&tail=all`,
      );
      expect(logs.status).toBe(200);
      const top = await berth.request('GET', `/v1/containers/${io}/top?ps_args=None`);
      expect(top.status).toBe(200);
    });
  });

  describe('every list pages the same way', () => {
    const lists = [
      '/v1/containers',
      '/v1/images/',
      '/v1/hosts/',
      '/v1/services',
      '/v1/volumes',
      '/v1/availability_zones',
      '/v1/audit/actions',
      `/v1/containers/schemas-io/container_actions`,
    ];

    it.each(lists)(
      '%s refuses a sort key off its whitelist, a direction and a bad limit',
      async (list) => {
        for (const query of [
          'sort_key=evil;drop',
          'sort_dir=sideways',
          'limit=0',
          'limit=1e3',
          'limit=1&limit=2',
        ]) {
          const res = await berth.request<ErrorBody>('GET', `${list}?${query}`);
          expect({ list, query, status: res.status }).toEqual({ list, query, status: 400 });
          expect(title(res)).toMatch(
            /^Invalid input for query parameter (sort_key|sort_dir|limit): /,
          );
        }
      },
    );

    it.each(lists)('%s answers an unknown marker with a 404', async (list) => {
      const res = await berth.request<ErrorBody>('GET', `${list}?marker=${randomUUID()}`);
      expect({ list, status: res.status }).toEqual({ list, status: 404 });
      expect(title(res)).toMatch(/could not be found\.$/);
    });

    it('answers an unknown event revision as a marker with a 404', async () => {
      const res = await berth.request<ErrorBody>(
        'GET',
        `/v1/containers/${io}/events?marker=100000`,
      );
      expect(res.status).toBe(404);
      expect(title(res)).toBe(`Event 100000 of container ${io} could not be found.`);
    });

    it('pages images, services and the action log after a marker that exists', async () => {
      const actions = await berth.request<{ containerActions: Array<{ request_id: string }> }>(
        'GET',
        `/v1/containers/${io}/container_actions?limit=1&sort_key=start_time`,
      );
      expect(actions.body.containerActions).toHaveLength(1);
      const rest = await berth.request<{ containerActions: unknown[] }>(
        'GET',
        `/v1/containers/${io}/container_actions?marker=${actions.body.containerActions[0].request_id}`,
      );
      expect(rest.status).toBe(200);
      const services = await berth.request<{ services: Array<{ id: number }> }>(
        'GET',
        '/v1/services?sort_key=host&sort_dir=desc&limit=1',
      );
      expect(services.body.services).toHaveLength(1);
      const after = await berth.request<{ services: unknown[] }>(
        'GET',
        `/v1/services?marker=${services.body.services[0].id}`,
      );
      expect(after.body.services).toEqual([]);
    });
  });

  describe('networks a request names', () => {
    it('attaches a network the project has, and refuses one it does not, appending nothing', async () => {
      const before = await footprint();
      for (const action of ['network_attach', 'network_detach']) {
        const res = await berth.request<ErrorBody>(
          'POST',
          `/v1/containers/${io}/${action}?network=nowhere`,
        );
        expect({ action, status: res.status, title: title(res) }).toEqual({
          action,
          status: 404,
          title: 'Network nowhere could not be found.',
        });
      }
      expect(await footprint()).toEqual(before);
      // Known, and the container is on it already: Zun's 400, from the domain, after the lookup.
      const again = await berth.request<ErrorBody>(
        'POST',
        `/v1/containers/${io}/network_attach?network=known`,
      );
      expect(again.status).toBe(400);
      expect(title(again)).toBe(`Network 'known' is already connected to container '${io}'.`);
    });
  });

  describe("archive paths, and Docker's refusals of them", () => {
    const archive = (path: string) =>
      berth.request<ErrorBody>(
        'GET',
        `/v1/containers/${io}/get_archive?path=${encodeURIComponent(path)}`,
      );
    const put = async (path: string, data: string) =>
      berth.request<ErrorBody>(
        'POST',
        `/v1/containers/${io}/put_archive?path=${encodeURIComponent(path)}`,
        { data },
      );

    it.each<[string, string, number, string]>([
      [
        'a path of 5,000 characters',
        `/${'a'.repeat(4999)}`,
        400,
        'Invalid input for query parameter path: expected at most 4096 characters, got 5000.',
      ],
      [
        'a relative path',
        'etc/hosts',
        400,
        "Invalid input for query parameter path: expected an absolute path in the container, got 'etc/hosts'.",
      ],
      ['a missing file', '/nope', 404, `Could not find the file /nope in container IO.`],
      [
        'a path through a file',
        '/etc/hosts/x',
        404,
        `Could not find the file /etc/hosts/x in container IO.`,
      ],
    ])('answers %s in Berth’s words', async (_why, path, status, message) => {
      const res = await archive(path);
      expect({ status: res.status, title: title(res) }).toEqual({
        status,
        title: message.replace('IO', io),
      });
    });

    it('answers a name longer than the file system takes with a 400 naming no Docker internals', async () => {
      const res = await archive(`/${'n'.repeat(300)}`);
      expect(res.status).toBe(400);
      expect(title(res)).toMatch(/^The path \/n+… cannot be resolved in container /);
      expect(res.text).not.toMatch(/overlay|\/var\/lib\/docker|lstat/);
    });

    it('answers a path of a thousand parts with a 4xx naming no Docker internals', async () => {
      const res = await archive(`/${'a/'.repeat(2000)}`);
      expect([400, 404]).toContain(res.status);
      expect(res.text).not.toMatch(/overlay|\/var\/lib\/docker|evalSymlinks/);
    });

    it('answers a put into a file or of a broken tar with a 400 in Berth’s words', async () => {
      const data = await tarOf('x.txt', 'x');
      const intoFile = await put('/etc/hosts', data);
      expect(intoFile.status).toBe(400);
      expect(title(intoFile)).toBe(
        `The destination /etc/hosts in container ${io} is not a directory.`,
      );
      const broken = await put('/tmp', Buffer.from('not a tar').toString('base64'));
      expect(broken.status).toBe(400);
      expect(title(broken)).toBe('The data sent for /tmp is not a valid tar archive.');
      const missing = await put('/nope', data);
      expect(missing.status).toBe(404);
      expect(title(missing)).toBe(`Could not find the file /nope in container ${io}.`);
    });
  });
});
