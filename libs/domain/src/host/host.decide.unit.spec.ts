import { evolveHost, initialHostState, registerHost } from './host.decide';
import type { HostInfo } from './host.events';

const info: HostInfo = {
  hostname: 'h1',
  uuid: '6f1c7a8e-0000-4000-8000-000000000001',
  cpus: 2,
  mem_total: 24000,
  disk_total: 250,
  architecture: 'x86_64',
  os_type: 'linux',
  os: 'Debian GNU/Linux 12 (bookworm)',
  kernel_version: '6.1.0',
  runtimes: ['runc', 'io.containerd.runc.v2'],
  labels: { zone: 'a', disk: 'ssd' },
  availability_zone: 'nova',
};

describe('host registration', () => {
  it('records a host the first time it registers', () => {
    const events = registerHost(initialHostState, info, '2026-01-01T00:00:00.000Z');
    expect(events).toEqual([
      { type: 'HostRegistered', version: 1, data: { ...info, at: '2026-01-01T00:00:00.000Z' } },
    ]);
  });

  it('records nothing when the host reports the same facts in another order', () => {
    const [registered] = registerHost(initialHostState, info, '2026-01-01T00:00:00.000Z');
    const state = evolveHost(initialHostState, registered);
    const reordered = {
      ...info,
      runtimes: ['io.containerd.runc.v2', 'runc'],
      labels: { disk: 'ssd', zone: 'a' },
    };
    expect(registerHost(state, reordered, '2026-01-02T00:00:00.000Z')).toEqual([]);
  });

  it('records a change of capacity', () => {
    const [registered] = registerHost(initialHostState, info, '2026-01-01T00:00:00.000Z');
    const state = evolveHost(initialHostState, registered);
    const events = registerHost(state, { ...info, mem_total: 32000 }, '2026-01-02T00:00:00.000Z');
    expect(events.map((e) => e.data.mem_total)).toEqual([32000]);
  });
});
