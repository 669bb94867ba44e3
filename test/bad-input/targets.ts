import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { BerthStack, TEST_IMAGE, type JsonResponse } from '../support/berth-stack';
import type { ContainerRef, Targets } from './case';

interface View {
  uuid: string;
  name: string;
  status: string;
  task_state: string | null;
}

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

/**
 * Makes the resources the corpus aims at on a fresh stack: in the admin project two Running
 * containers (one for destructive cases only), a Stopped one and a pulled image; a second project with a member, a reader, a user whose
 * password the corpus knows, and a container of its own. Both projects' quotas are lifted, so a
 * wrongly accepted create shows as accepted rather than as a quota refusal.
 */
export async function makeTargets(stack: BerthStack): Promise<Targets> {
  const adminProject = await stack.projectId();
  const ok = async <T>(method: string, path: string, body?: unknown, as?: string): Promise<T> => {
    const res = await stack.request<T>(method, path, body, as === undefined ? {} : as);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };

  const memberProjectName = 'corpus-tenant';
  const { project } = await ok<{ project: { id: string } }>('POST', '/identity/v3/projects', {
    project: { name: memberProjectName },
  });
  const user = async (name: string, role: string): Promise<{ id: string; password: string }> => {
    const password = `pw-${randomBytes(8).toString('hex')}`;
    // No default project: a login without a scope then gets a truly unscoped token.
    const made = await ok<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name, password },
    });
    await ok('PUT', `/identity/v3/projects/${project.id}/users/${made.user.id}/roles/${role}`);
    return { id: made.user.id, password };
  };
  const member = await user('corpus-member', 'member');
  const reader = await user('corpus-reader', 'reader');
  const login = await user('corpus-login', 'member');
  const memberToken = await stack.login('corpus-member', member.password, memberProjectName);
  const readerToken = await stack.login('corpus-reader', reader.password, memberProjectName);
  const unscoped = await unscopedToken(stack.url, 'corpus-member', member.password);

  const limits = { containers: -1, cpu: -1, memory: -1, disk: -1 };
  await ok('PUT', `/v1/quotas/${adminProject}`, limits);
  await ok('PUT', `/v1/quotas/${project.id}`, limits);

  const sleeper = (name: string) => ({ name, image: TEST_IMAGE, command: ['sleep', '86400'] });
  const running = await ok<View>('POST', '/v1/containers?run=true', sleeper('corpus-running'));
  const victim = await ok<View>('POST', '/v1/containers?run=true', sleeper('corpus-victim'));
  const stopped = await ok<View>('POST', '/v1/containers?run=true', sleeper('corpus-stopped'));
  const theirs = await ok<View>('POST', '/v1/containers', sleeper('corpus-theirs'), memberToken);
  await stack.waitFor<View>(running.uuid, settled('Running'), 60_000);
  await stack.waitFor<View>(victim.uuid, settled('Running'), 60_000);
  await stack.waitFor<View>(stopped.uuid, settled('Running'), 60_000);
  await ok('POST', `/v1/containers/${stopped.uuid}/stop?timeout=0`);
  await stack.waitFor<View>(stopped.uuid, settled('Stopped'), 60_000);
  await waitForMember(stack, theirs.uuid, memberToken);

  const image = await ok<{ uuid: string }>('POST', '/v1/images', {
    repo: TEST_IMAGE,
    host: stack.hostname,
  });
  const actions = await ok<{ containerActions: Array<{ request_id: string }> }>(
    'GET',
    `/v1/containers/${running.uuid}/container_actions`,
  );
  const ref = (v: View): ContainerRef => ({ uuid: v.uuid, name: v.name });
  return {
    testImage: TEST_IMAGE,
    hostname: stack.hostname,
    adminProject,
    memberProject: project.id,
    memberUser: { id: member.id, name: 'corpus-member' },
    loginUser: { name: 'corpus-login', password: login.password, project: memberProjectName },
    tokens: { admin: stack.adminToken, member: memberToken, reader: readerToken, unscoped },
    running: ref(running),
    victim: ref(victim),
    stopped: ref(stopped),
    memberContainer: ref(theirs),
    image: image.uuid,
    actionRequestId: actions.containerActions[0]?.request_id ?? 'req-none',
  };
}

async function waitForMember(stack: BerthStack, uuid: string, token: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await stack.request<View>('GET', `/v1/containers/${uuid}`, undefined, token);
    if (res.status === 200 && settled('Created')(res.body)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the member's container ${uuid} never became Created`);
}

async function unscopedToken(url: string, name: string, password: string): Promise<string> {
  const res = await fetch(`${url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name, domain: { name: 'Default' }, password } },
        },
      },
    }),
  });
  const token = res.headers.get('x-subject-token');
  if (res.status !== 201 || token === null) throw new Error(`no unscoped token: ${res.status}`);
  return token;
}

/**
 * Puts the targets back where a wrongly accepted request moved them: re-enables the host, puts the
 * admin project's containers back as they were made (Running, Running, Stopped) or, where that is
 * not quickly possible (a stop with a 1,000 s grace period, a delete), makes a fresh container in
 * the target's place, and remakes the member's container if it is gone. Reads only, when nothing
 * moved. Returns the uuids replaced, so the cases still to come can be aimed at the new ones.
 */
export async function restoreTargets(
  stack: BerthStack,
  t: Targets,
): Promise<ReadonlyArray<readonly [string, string]>> {
  const replaced: Array<readonly [string, string]> = [];
  // Best effort throughout: a target that cannot be put back (the projector stopped, say) is
  // reported and left, and the cases aimed at it say what they get.
  const attempt = async (what: string, step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (error) {
      process.stdout.write(`bad-input corpus: could not restore ${what}: ${String(error)}\n`);
    }
  };
  await attempt('the host', () => putServiceBack(stack, t.hostname));
  await attempt("the member's container", async () => {
    if (await memberContainerIsThere(stack, t)) return;
    const made = await request<View>(
      stack,
      'POST',
      '/v1/containers',
      { name: `corpus-theirs-${++spares}`, image: TEST_IMAGE, command: ['sleep', '86400'] },
      t.tokens.member,
    );
    if (made.status !== 202) throw new Error(`${made.status} ${made.text}`);
    await waitForMember(stack, made.body.uuid, t.tokens.member);
    replaced.push([t.memberContainer.uuid, made.body.uuid]);
    t.memberContainer = { uuid: made.body.uuid, name: made.body.name };
  });
  for (const key of ['running', 'victim', 'stopped'] as const) {
    const ref = t[key];
    const want = key === 'stopped' ? 'Stopped' : 'Running';
    await attempt(ref.name, async () => {
      if (await putBack(stack, ref, want)) return;
      const name = `${ref.name.replace(/-\d+$/, '')}-${++spares}`;
      const fresh = await freshContainer(stack, name, want);
      replaced.push([ref.uuid, fresh.uuid]);
      t[key] = fresh;
    });
  }
  return replaced;
}

/** A service write wrongly accepted may have disabled the host or forced it down. */
async function putServiceBack(stack: BerthStack, hostname: string): Promise<void> {
  const res = await request<{
    services: Array<{ host: string; disabled: boolean; forced_down: boolean }>;
  }>(stack, 'GET', '/v1/services');
  const mine = res.body?.services?.find((s) => s.host === hostname);
  const key = `host=${encodeURIComponent(hostname)}&binary=zun-compute`;
  if (mine === undefined || mine.disabled)
    await request(stack, 'PUT', `/v1/services/enable?${key}`);
  if (mine === undefined || mine.forced_down) {
    await request(stack, 'PUT', `/v1/services/force_down?${key}&forced_down=False`);
  }
}

/** The member's container, still there once whatever was in flight on it has finished. */
async function memberContainerIsThere(stack: BerthStack, t: Targets): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await request<View>(
      stack,
      'GET',
      `/v1/containers/${t.memberContainer.uuid}`,
      undefined,
      t.tokens.member,
    );
    if (res.status !== 200) return false;
    if (['Deleting', 'Deleted', 'Error'].includes(res.body.status)) return false;
    if (res.body.task_state === null || Date.now() > deadline) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let spares = 0;

/**
 * BerthStack.request, tried twice: fetch's pooled connection may be one the server closed while
 * the corpus was busy elsewhere ("fetch failed"), and a restore must not fail on that.
 */
function request<T = unknown>(
  stack: BerthStack,
  method: string,
  path: string,
  body?: unknown,
  as: Record<string, string> | string = {},
): Promise<JsonResponse<T>> {
  return stack
    .request<T>(method, path, body, as)
    .catch(() => stack.request<T>(method, path, body, as));
}

async function putBack(
  stack: BerthStack,
  ref: ContainerRef,
  want: 'Running' | 'Stopped',
): Promise<boolean> {
  try {
    if ((await request(stack, 'GET', `/v1/containers/${ref.uuid}`)).status !== 200) return false;
    const idle = await stack.waitFor<View>(ref.uuid, (c) => c.task_state === null, 5_000);
    if (settled(want)(idle)) return true;
    if (idle.status === 'Paused') {
      await request(stack, 'POST', `/v1/containers/${ref.uuid}/unpause`);
      await stack.waitFor<View>(ref.uuid, settled('Running'), 15_000);
    }
    const action = want === 'Running' ? 'start' : 'stop?timeout=0';
    if (want === 'Stopped' || idle.status !== 'Running') {
      await request(stack, 'POST', `/v1/containers/${ref.uuid}/${action}`);
    }
    await stack.waitFor<View>(ref.uuid, settled(want), 15_000);
    return true;
  } catch {
    return false;
  }
}

async function freshContainer(
  stack: BerthStack,
  name: string,
  want: 'Running' | 'Stopped',
): Promise<ContainerRef> {
  const res = await request<View>(stack, 'POST', '/v1/containers?run=true', {
    name,
    image: TEST_IMAGE,
    command: ['sleep', '86400'],
  });
  if (res.status !== 202) throw new Error(`could not make ${name}: ${res.status} ${res.text}`);
  await stack.waitFor<View>(res.body.uuid, settled('Running'), 60_000);
  if (want === 'Stopped') {
    await request(stack, 'POST', `/v1/containers/${res.body.uuid}/stop?timeout=0`);
    await stack.waitFor<View>(res.body.uuid, settled('Stopped'), 60_000);
  }
  return { uuid: res.body.uuid, name };
}

/**
 * Removes every Docker object the run's projects own (containers first, then what they used),
 * whatever the corpus left behind.
 */
export async function removeDockerObjects(
  docker: Docker,
  projects: readonly string[],
): Promise<void> {
  for (const project of projects) {
    const filters = JSON.stringify({ label: [`berth.project=${project}`] });
    for (const c of await docker.listContainers({ all: true, filters })) {
      await docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    }
    for (const n of await docker.listNetworks({ filters })) {
      await docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined);
    }
    const { Volumes: volumes } = await docker.listVolumes({ filters });
    for (const v of volumes ?? [])
      await docker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined);
    for (const i of await docker.listImages({ filters })) {
      await docker
        .getImage(i.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
}
