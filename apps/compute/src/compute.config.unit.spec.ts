import { computeConfigFromEnv } from './compute.config';

describe('compute settings for tenant isolation', () => {
  it("puts containers without nets on their project's own network by default", () => {
    expect(computeConfigFromEnv({}, {}).networkMode).toBe('project');
    expect(computeConfigFromEnv({}, { BERTH_NETWORK_MODE: 'none' }).networkMode).toBe('none');
  });

  it("refuses Docker's shared bridge as the default network, saying why", () => {
    expect(() => computeConfigFromEnv({}, { BERTH_NETWORK_MODE: 'bridge' })).toThrow(
      /shared by every project/,
    );
    expect(() => computeConfigFromEnv({}, { BERTH_NETWORK_MODE: 'host' })).toThrow(
      /must be 'project' or 'none'/,
    );
  });

  it('keeps the firewall on auto unless told on or off', () => {
    expect(computeConfigFromEnv({}, {}).firewall).toBe('auto');
    expect(computeConfigFromEnv({}, { BERTH_FIREWALL: 'off' }).firewall).toBe('off');
    expect(() => computeConfigFromEnv({}, { BERTH_FIREWALL: 'maybe' })).toThrow(/BERTH_FIREWALL/);
  });

  it('reads the pids limit for containers recorded without one', () => {
    expect(computeConfigFromEnv({}, {}).pidsLimit).toBe(4096);
    expect(computeConfigFromEnv({}, { BERTH_DEFAULT_PIDS_LIMIT: '256' }).pidsLimit).toBe(256);
    expect(() => computeConfigFromEnv({}, { BERTH_DEFAULT_PIDS_LIMIT: '0' })).toThrow(/>= 1/);
  });
});
