import { projectImageRepository } from '@berth/domain';
import { randomBytes } from 'node:crypto';
import { BerthStack, TEST_IMAGE, login, startTestApp } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}
interface Image {
  uuid: string;
  image_id: string | null;
  repo: string;
  tag: string;
  size: number | null;
  host: string;
  project_id: string;
  status: string;
}
interface Action {
  action: string;
  request_id: string;
  finish_time: string | null;
}

/** BerthStack with a helper to wait on an image. */
class ImagesStack extends BerthStack {
  static async startWithImages(): Promise<ImagesStack> {
    const computes = [
      { hostname: `e2e-img-${randomBytes(4).toString('hex')}`, networkMode: 'none' as const },
    ];
    const app = await startTestApp(computes);
    const token = await login(app.url, 'admin', app.adminPassword, 'admin');
    return new ImagesStack(app, computes, token).whenHostsRegistered();
  }

  /** Polls GET /v1/images/X until `predicate` holds. */
  async waitForImage(uuid: string, predicate: (i: Image) => boolean): Promise<Image> {
    const deadline = Date.now() + 20_000;
    let last: unknown;
    while (Date.now() < deadline) {
      const res = await this.request<Image>('GET', `/v1/images/${uuid}`);
      last = res.body;
      if (res.status === 200 && predicate(res.body)) return res.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting on image ${uuid}; last: ${JSON.stringify(last)}`);
  }
}

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

describe('images: zun commit, image-list, pull and image-delete', () => {
  let berth: ImagesStack;
  const repository = `berth-e2e/committed-${randomBytes(4).toString('hex')}`;
  /** Where the commit lands: the admin project's namespace, never `repository` itself. */
  let namespaced: string;
  let committedRef: string;

  beforeAll(async () => {
    berth = await ImagesStack.startWithImages();
    namespaced = projectImageRepository(await berth.projectId(), repository);
    committedRef = `${namespaced}:v1`;
  });

  afterAll(async () => {
    await berth?.close();
    await berth?.docker
      .getImage(committedRef)
      .remove({ force: true })
      .catch(() => undefined);
  });

  let running: string;
  let committed: string;

  /** Images Docker holds that were committed from the container and that Berth does not list. */
  async function unrecordedImagesOf(uuid: string): Promise<string[]> {
    const dockerId = (await berth.docker.getContainer(`berth-${uuid}`).inspect()).Id;
    const listed = await berth.request<{ images: Image[] }>('GET', '/v1/images/');
    const recorded = new Set(listed.body.images.map((i) => i.image_id));
    const found: string[] = [];
    for (const { Id } of await berth.docker.listImages({ all: true })) {
      const info = await berth.docker
        .getImage(Id)
        .inspect()
        .catch(() => null);
      if (info?.Container === dockerId && !recorded.has(Id)) found.push(Id);
    }
    return found;
  }

  it('commits a running container into an image the list shows and Docker holds', async () => {
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    running = run.body.uuid;
    await berth.waitFor<View>(running, settled('Running'));

    const res = await berth.request<{ uuid: string }>(
      'POST',
      `/v1/containers/${running}/commit?repository=${encodeURIComponent(repository)}&tag=v1`,
    );
    expect(res.status).toBe(202);
    expect(Object.keys(res.body)).toEqual(['uuid']);
    committed = res.body.uuid;

    const image = await berth.waitForImage(committed, (i) => (i.size ?? 0) > 0);
    expect(image).toMatchObject({
      uuid: committed,
      repo: namespaced,
      tag: 'v1',
      host: berth.hostname,
      project_id: await berth.projectId(),
    });
    const inspected = await berth.docker.getImage(committedRef).inspect();
    expect(inspected.Id).toBe(image.image_id);
    // Nothing took the name asked for.
    await expect(berth.docker.getImage(`${repository}:v1`).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });

    const list = await berth.request<{ images: Image[]; next: string | null }>(
      'GET',
      '/v1/images/',
    );
    expect(list.status).toBe(200);
    expect(list.body.next).toBeNull();
    expect(list.body.images.find((i) => i.uuid === committed)).toMatchObject({
      image_id: inspected.Id,
      size: image.size,
    });

    const actions = await berth.request<{ containerActions: Action[] }>(
      'GET',
      `/v1/containers/${running}/container_actions`,
    );
    const commit = actions.body.containerActions.find((a) => a.action === 'commit');
    expect(commit?.finish_time).not.toBeNull();
    const show = await berth.request<{ events: Array<{ event: string; result: string }> }>(
      'GET',
      `/v1/containers/${running}/container_actions/${commit?.request_id}`,
    );
    expect(show.body.events).toEqual([
      expect.objectContaining({ event: 'compute__do_container_commit', result: 'Success' }),
    ]);
    // The container goes on running.
    expect((await berth.waitFor<View>(running, settled('Running'))).status).toBe('Running');
  });

  it('refuses to commit a Created container (409) and a bad repository or tag (400)', async () => {
    const created = await berth.request<View>('POST', '/v1/containers', { image: TEST_IMAGE });
    await berth.waitFor<View>(created.body.uuid, settled('Created'));
    const conflict = await berth.request(
      'POST',
      `/v1/containers/${created.body.uuid}/commit?repository=berth-e2e/never`,
    );
    expect(conflict.status).toBe(409);

    for (const query of [
      'repository=Bad/UPPER',
      'repository=a//b',
      'repository=ok&tag=-bad',
      // What `zun commit X UPPER/x:1` sends: no registry host (no dot, colon or localhost).
      'repository=UPPER/x&tag=1',
      'repository=UPPER%2Fx%3A1',
    ]) {
      const bad = await berth.request('POST', `/v1/containers/${running}/commit?${query}`);
      expect(bad.status).toBe(400);
    }
    const missing = await berth.request('POST', `/v1/containers/${running}/commit`);
    expect(missing.status).toBe(400);
    // Refused before compute: Docker was never asked, so it made no image.
    expect(await unrecordedImagesOf(running)).toEqual([]);
  });

  it('refuses a repository naming a registry host, before Docker makes any image', async () => {
    // Committed images stay on their host, in the project's namespace: a registry name would
    // have to be another name than the one asked for.
    for (const repo of ['[::1]:5000/berth-e2e/orphan', '127.0.0.1:5000/berth-e2e/orphan']) {
      const res = await berth.request<{ errors: Array<{ detail: string }> }>(
        'POST',
        `/v1/containers/${running}/commit?repository=${encodeURIComponent(repo)}&tag=v1`,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0].detail).toMatch(/without a registry host/);
    }
    expect(await unrecordedImagesOf(running)).toEqual([]);
    expect((await berth.waitFor<View>(running, settled('Running'))).status).toBe('Running');
  });

  it('pulls an image onto a host', async () => {
    const res = await berth.request<Image>('POST', '/v1/images/', {
      repo: TEST_IMAGE,
      host: berth.hostname,
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ repo: TEST_IMAGE.replace(/:latest$/, ''), tag: 'latest' });
    const pulled = await berth.waitForImage(res.body.uuid, (i) => i.status !== 'Pulling');
    expect(pulled.status).toBe('Pulled');
    const inspected = await berth.docker.getImage(TEST_IMAGE).inspect();
    expect(pulled).toMatchObject({ image_id: inspected.Id, size: inspected.Size });

    const unknownHost = await berth.request('POST', '/v1/images/', {
      repo: TEST_IMAGE,
      host: 'no-such-host',
    });
    expect(unknownHost.status).toBe(404);
  });

  it('deletes an image from its host and from the list', async () => {
    const res = await berth.request('DELETE', `/v1/images/${committed}`);
    expect(res.status).toBe(204);
    await expect(berth.docker.getImage(committedRef).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
    expect((await berth.request('GET', `/v1/images/${committed}`)).status).toBe(404);
    const list = await berth.request<{ images: Image[] }>('GET', '/v1/images/');
    expect(list.body.images.map((i) => i.uuid)).not.toContain(committed);
  });
});
