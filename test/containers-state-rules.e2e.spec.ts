import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
  image: string;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; title: string }>;
}

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

/** Zun's VALID_STATES against the running service: each refused action answers 409, changes nothing. */
describe("Zun's valid-state rules through the API", () => {
  let berth: BerthStack;
  const ids: Record<'Created' | 'Running' | 'Stopped' | 'Paused', string> = {
    Created: '',
    Running: '',
    Stopped: '',
    Paused: '',
  };

  beforeAll(async () => {
    berth = await BerthStack.start();
    const make = async (run: boolean): Promise<string> =>
      (
        await berth.request<View>('POST', `/v1/containers${run ? '?run=true' : ''}`, {
          image: TEST_IMAGE,
          command: ['sleep', '300'],
        })
      ).body.uuid;
    ids.Created = await make(false);
    ids.Running = await make(true);
    ids.Stopped = await make(true);
    ids.Paused = await make(true);
    await berth.waitFor<View>(ids.Created, settled('Created'));
    for (const id of [ids.Running, ids.Stopped, ids.Paused]) {
      await berth.waitFor<View>(id, settled('Running'));
    }
    await berth.request('POST', `/v1/containers/${ids.Stopped}/stop?timeout=0`);
    await berth.request('POST', `/v1/containers/${ids.Paused}/pause`);
    await berth.waitFor<View>(ids.Stopped, settled('Stopped'));
    await berth.waitFor<View>(ids.Paused, settled('Paused'));
  });

  afterAll(async () => {
    await berth?.close();
  });

  const refusals: Array<[string, string, keyof typeof ids, string]> = [
    ['POST', 'start', 'Running', 'start'],
    ['POST', 'start', 'Paused', 'start'],
    ['POST', 'stop', 'Created', 'stop'],
    ['POST', 'stop', 'Stopped', 'stop'],
    ['POST', 'pause', 'Created', 'pause'],
    ['POST', 'pause', 'Stopped', 'pause'],
    ['POST', 'unpause', 'Running', 'unpause'],
    ['POST', 'kill?signal=None', 'Stopped', 'kill'],
    ['POST', 'reboot', 'Paused', 'reboot'],
    ['POST', 'rebuild', 'Paused', 'rebuild'],
    ['DELETE', '', 'Running', 'delete'],
    ['DELETE', '?force=True', 'Paused', 'delete_force'],
    ['POST', 'execute?command=%22true%22', 'Stopped', 'execute'],
    ['GET', 'top', 'Created', 'top'],
    ['GET', 'stats', 'Stopped', 'stats'],
  ];

  it.each(refusals)("refuses %s '%s' on a %s container", async (method, action, status, word) => {
    const id = ids[status];
    const path =
      action.startsWith('?') || action === ''
        ? `/v1/containers/${id}${action}`
        : `/v1/containers/${id}/${action}`;
    const res = await berth.request<ErrorBody>(method, path);
    expect(res.status).toBe(409);
    expect(res.body.errors[0].title).toBe(`Cannot ${word} container ${id} in ${status} state`);
    const after = await berth.request<View>('GET', `/v1/containers/${id}`);
    expect(after.body).toMatchObject({ status, task_state: null });
  });

  it('rebuilds a running container from its image and keeps it running on a new Docker container', async () => {
    const before = await berth.docker.getContainer(`berth-${ids.Running}`).inspect();
    const res = await berth.request(
      'POST',
      `/v1/containers/${ids.Running}/rebuild?image=${encodeURIComponent(TEST_IMAGE)}`,
    );
    expect(res.status).toBe(202);
    await berth.waitFor<View>(ids.Running, settled('Running'));
    const after = await berth.docker.getContainer(`berth-${ids.Running}`).inspect();
    expect(after.Id).not.toBe(before.Id);
    expect(after.State.Running).toBe(true);
  });

  it('rebuilds a stopped container into a created one', async () => {
    const res = await berth.request('POST', `/v1/containers/${ids.Stopped}/rebuild`);
    expect(res.status).toBe(202);
    await berth.waitFor<View>(ids.Stopped, settled('Created'));
  });

  it('keeps the container when a rebuild names an image that does not exist', async () => {
    const before = await berth.docker.getContainer(`berth-${ids.Created}`).inspect();
    const res = await berth.request(
      'POST',
      `/v1/containers/${ids.Created}/rebuild?image=127.0.0.1:5000/berth-test/nope:latest`,
    );
    expect(res.status).toBe(202);
    const view = await berth.waitFor<View & { status_reason: string }>(
      ids.Created,
      (c) => c.task_state === null && c.status === 'Error',
    );
    expect(view.status_reason).toMatch(/nope/);
    // A failure never deletes user data: the old Docker container is still there.
    expect((await berth.docker.getContainer(`berth-${ids.Created}`).inspect()).Id).toBe(before.Id);
  });
});
