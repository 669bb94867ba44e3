import type Dockerode from 'dockerode';
import { DockerRuntime } from './docker-runtime';
import { rawEngine, removeTestContainers, testSpec } from './docker-test-kit';
import { collect } from './stream-demux';

/** What every tenant container gets from Docker, read back from the engine itself. */
describe('DockerRuntime confinement of tenant containers', () => {
  const runtime = new DockerRuntime();
  let engine: Dockerode;

  beforeAll(() => {
    engine = rawEngine();
  });
  afterAll(() => removeTestContainers(engine));

  async function runToEnd(command: string): Promise<{ output: string; exitCode: number }> {
    const spec = testSpec({ command: ['sh', '-c', command], pidsLimit: 64 });
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);
    const exited = await engine.getContainer(`berth-${spec.uuid}`).wait();
    const output = (await collect(await runtime.logs(spec.uuid))).toString('utf8');
    return { output, exitCode: exited.StatusCode as number };
  }

  it('runs without NET_RAW, MKNOD, AUDIT_WRITE and SETFCAP, with no-new-privileges and a pids limit', async () => {
    const spec = testSpec({ pidsLimit: 128 });
    const raw = await engine.getContainer(await runtime.createContainer(spec)).inspect();
    expect(raw.HostConfig.CapDrop).toEqual(['NET_RAW', 'MKNOD', 'AUDIT_WRITE', 'SETFCAP']);
    expect(raw.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
    expect(raw.HostConfig.PidsLimit).toBe(128);
  });

  it('shows the kernel the reduced capability set and the no_new_privs flag', async () => {
    const { output, exitCode } = await runToEnd('grep -E "^(CapBnd|NoNewPrivs)" /proc/self/status');
    expect(exitCode).toBe(0);
    const bounding = BigInt(`0x${/CapBnd:\s*([0-9a-f]+)/.exec(output)?.[1] ?? '0'}`);
    const has = (bit: number): boolean => (bounding & (1n << BigInt(bit))) !== 0n;
    // capability.h: CHOWN 0, SETUID 7, NET_RAW 13, MKNOD 27, AUDIT_WRITE 29, SETFCAP 31.
    expect([has(13), has(27), has(29), has(31)]).toEqual([false, false, false, false]);
    expect([has(0), has(7)]).toEqual([true, true]);
    expect(output).toMatch(/NoNewPrivs:\s*1/);
  });

  it('stops a fork bomb at the pids limit', async () => {
    // 100 sleepers against a limit of 64: the shell's forks start failing.
    const { output } = await runToEnd(
      'i=0; while [ $i -lt 100 ]; do sleep 30 & i=$((i+1)); done 2>&1; echo started; kill $(jobs -p) 2>/dev/null; true',
    );
    expect(output).toMatch(/can't fork|Resource temporarily unavailable|fork/i);
  });

  it('refuses mknod in the container', async () => {
    const { exitCode } = await runToEnd('mknod /tmp/null c 1 3');
    expect(exitCode).not.toBe(0);
  });

  it("tells this machine's engine cannot enforce disk sizes (overlay2 on ext4), and why", async () => {
    const storage = await runtime.storage();
    expect(storage).toMatchObject({ diskQuota: false, volumeSize: false });
    expect(storage.reason).toMatch(/not xfs with pquota|storage-opt/);
  });
});
