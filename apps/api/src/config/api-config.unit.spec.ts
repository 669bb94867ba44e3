import { ConfigError, loadApiConfig } from './api-config';

const env = { DATABASE_URL: 'postgres://x@127.0.0.1:5432/berth' };

describe('the default limits of containers created without them', () => {
  it("are Zun's default_cpu and default_memory, and 4096 processes", () => {
    expect(loadApiConfig(env, '/tmp').containerDefaults).toEqual({
      cpu: 1,
      memory: 512,
      pids_limit: 4096,
    });
  });

  it('are read from BERTH_DEFAULT_CPU, BERTH_DEFAULT_MEMORY and BERTH_DEFAULT_PIDS_LIMIT', () => {
    const config = loadApiConfig(
      {
        ...env,
        BERTH_DEFAULT_CPU: '0.5',
        BERTH_DEFAULT_MEMORY: '256',
        BERTH_DEFAULT_PIDS_LIMIT: '512',
      },
      '/tmp',
    );
    expect(config.containerDefaults).toEqual({ cpu: 0.5, memory: 256, pids_limit: 512 });
  });

  it.each([
    ['BERTH_DEFAULT_CPU', '0'],
    ['BERTH_DEFAULT_CPU', 'lots'],
    ['BERTH_DEFAULT_MEMORY', '2'],
    ['BERTH_DEFAULT_MEMORY', '9000'],
    ['BERTH_DEFAULT_MEMORY', '1.5'],
    ['BERTH_DEFAULT_PIDS_LIMIT', '0'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadApiConfig({ ...env, [name]: value }, '/tmp')).toThrow(ConfigError);
  });
});
