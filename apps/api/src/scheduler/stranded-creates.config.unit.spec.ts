import { strandedCreatesConfigFromEnv } from './stranded-creates.config';

describe('when stranded creates are given up', () => {
  it('waits twice the time after which a service shows down, looking every 10 s, by default', () => {
    expect(strandedCreatesConfigFromEnv({})).toEqual({ afterSeconds: 120, sweepEveryMs: 10_000 });
  });

  it('takes both settings from the environment', () => {
    const config = strandedCreatesConfigFromEnv({
      BERTH_STRANDED_AFTER_SECONDS: '300',
      BERTH_STRANDED_SWEEP_MS: '500',
    });
    expect(config).toEqual({ afterSeconds: 300, sweepEveryMs: 500 });
  });

  it('refuses a wait shorter than the time after which a service shows down', () => {
    expect(() => strandedCreatesConfigFromEnv({ BERTH_STRANDED_AFTER_SECONDS: '20' })).toThrow(
      /at least 60/,
    );
  });

  it('refuses what is not a positive number', () => {
    expect(() => strandedCreatesConfigFromEnv({ BERTH_STRANDED_SWEEP_MS: 'soon' })).toThrow(
      /BERTH_STRANDED_SWEEP_MS must be a positive number/,
    );
  });
});
