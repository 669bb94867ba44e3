import type Dockerode from 'dockerode';
import { DockerRuntime } from './docker-runtime';
import { rawEngine, removeTestContainers, TEST_IMAGE, testSpec } from './docker-test-kit';
import { RuntimeImageNotFoundError } from './runtime.errors';
import { collect } from './stream-demux';

// A tag of its own in the local registry, so removing it locally never disturbs another test.
const PULLED_REPO = '127.0.0.1:5000/berth-test/busybox';
const PULLED = `${PULLED_REPO}:driver-pull`;
const COMMITTED = 'berth-test/committed';

describe('DockerRuntime images', () => {
  const runtime = new DockerRuntime();
  let engine: Dockerode;

  async function untag(ref: string): Promise<void> {
    await engine
      .getImage(ref)
      .remove()
      .catch(() => undefined);
  }

  async function pullsSince(since: number): Promise<number> {
    const stream = await engine.getEvents({
      since,
      until: Date.now() / 1000 + 0.05,
      filters: { type: ['image'], event: ['pull'] },
    });
    const body = (await collect(stream)).toString('utf8');
    return body.split('\n').filter((l) => l.includes(PULLED)).length;
  }

  beforeAll(async () => {
    engine = rawEngine();
    await engine.getImage(TEST_IMAGE).tag({ repo: PULLED_REPO, tag: 'driver-pull' });
    // Docker wants an auth header on push even for a registry without auth.
    await collect(await engine.getImage(PULLED_REPO).push({ tag: 'driver-pull', authconfig: {} }));
    await untag(PULLED);
  });
  afterAll(async () => {
    await removeTestContainers(engine);
    await untag(PULLED);
    await untag(`${COMMITTED}:v1`);
  });

  it('returns the local image id without pulling when the policy is never', async () => {
    const expected = (await engine.getImage(TEST_IMAGE).inspect()).Id;
    await expect(runtime.ensureImage(TEST_IMAGE, 'never')).resolves.toBe(expected);
  });

  it('fails clearly when the policy is never and the image is missing', async () => {
    const attempt = runtime.ensureImage(PULLED, 'never');
    await expect(attempt).rejects.toBeInstanceOf(RuntimeImageNotFoundError);
    await expect(attempt).rejects.toThrow(
      `image "${PULLED}" is not present on this host and the pull policy is "never"`,
    );
  });

  it('pulls a missing image once for concurrent ifnotpresent requests', async () => {
    await untag(PULLED);
    const since = Date.now() / 1000;
    const ids = await Promise.all([
      runtime.ensureImage(PULLED, 'ifnotpresent'),
      runtime.ensureImage(PULLED, 'ifnotpresent'),
      runtime.ensureImage(PULLED, 'ifnotpresent'),
    ]);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBe((await engine.getImage(PULLED).inspect()).Id);
    expect(await pullsSince(since)).toBe(1);
  });

  it('pulls again when the policy is always', async () => {
    await runtime.ensureImage(PULLED, 'ifnotpresent');
    const since = Date.now() / 1000;
    await runtime.ensureImage(PULLED, 'always');
    expect(await pullsSince(since)).toBe(1);
  });

  it('reports an image the registry does not have as RuntimeImageNotFoundError', async () => {
    const attempt = runtime.ensureImage('127.0.0.1:5000/berth-test/nosuch:latest', 'ifnotpresent');
    await expect(attempt).rejects.toBeInstanceOf(RuntimeImageNotFoundError);
    await expect(attempt).rejects.toThrow(/manifest unknown|not found/);
  });

  it('commits a container to a new image that can be inspected and removed', async () => {
    const spec = testSpec();
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);
    await runtime.exec(spec.uuid, ['sh', '-c', 'echo committed > /marker']);

    const id = await runtime.commit(spec.uuid, COMMITTED, 'v1');
    const info = await runtime.imageInspect(`${COMMITTED}:v1`);
    expect(info.id).toBe(id);
    expect(info.repoTags).toContain(`${COMMITTED}:v1`);
    expect(info.size).toBeGreaterThan(0);

    await runtime.remove(spec.uuid, { force: true });
    await runtime.removeImage(`${COMMITTED}:v1`);
    await runtime.removeImage(`${COMMITTED}:v1`);
    await expect(runtime.imageInspect(`${COMMITTED}:v1`)).rejects.toBeInstanceOf(
      RuntimeImageNotFoundError,
    );
  });

  /** Images Docker holds that were committed from the given container. */
  async function imagesCommittedFrom(dockerId: string): Promise<string[]> {
    const ids = (await engine.listImages({ all: true })).map((i) => i.Id);
    const committed: string[] = [];
    for (const id of ids) {
      const info = await engine
        .getImage(id)
        .inspect()
        .catch(() => null);
      if (info?.Container === dockerId) committed.push(id);
    }
    return committed;
  }

  it('leaves no image behind when Docker refuses the name it is committed to', async () => {
    // Docker 20.10 makes the image first and only then refuses the name, keeping it untagged.
    const spec = testSpec();
    const dockerId = await runtime.createContainer(spec);
    await runtime.start(spec.uuid);

    await expect(runtime.commit(spec.uuid, 'berth-test/UPPER', 'v1')).rejects.toThrow(/lowercase/);
    await expect(runtime.commit(spec.uuid, 'berth-test/x', '-bad')).rejects.toThrow(/invalid/i);
    expect(await imagesCommittedFrom(dockerId)).toEqual([]);

    await runtime.remove(spec.uuid, { force: true });
  });
});
