import { ConfigError, loadApiConfig } from './api-config';
import { DEFAULT_STREAM_LIMITS } from './stream-limits';

const base = { DATABASE_URL: 'postgres://x@127.0.0.1/berth' };

describe('stream limits from the environment', () => {
  it('defaults every limit when nothing is set', () => {
    expect(loadApiConfig(base, '/tmp').streams).toEqual(DEFAULT_STREAM_LIMITS);
  });

  it('reads each variable as a positive integer', () => {
    const config = loadApiConfig(
      {
        ...base,
        BERTH_EXEC_TIMEOUT_SECONDS: '5',
        BERTH_EXEC_MAX_OUTPUT_BYTES: '4096',
        BERTH_CONSOLE_MAX_MESSAGE_BYTES: '1024',
        BERTH_CONSOLE_BUFFER_BYTES: '65536',
        BERTH_CONSOLE_STALL_SECONDS: '10',
        BERTH_MAX_WATCHES_PER_PROJECT: '7',
        BERTH_MAX_WATCHES_PER_USER: ' 3 ',
      },
      '/tmp',
    );
    expect(config.streams).toEqual({
      execTimeoutSeconds: 5,
      execMaxOutputBytes: 4096,
      consoleMaxMessageBytes: 1024,
      consoleBufferBytes: 65536,
      consoleStallSeconds: 10,
      watchesPerProject: 7,
      watchesPerUser: 3,
    });
  });

  it.each(['0', '-1', '1.5', '1e3', 'ten'])(
    'refuses %p with a ConfigError naming the variable',
    (text) => {
      expect(() => loadApiConfig({ ...base, BERTH_EXEC_TIMEOUT_SECONDS: text }, '/tmp')).toThrow(
        new ConfigError(
          `BERTH_EXEC_TIMEOUT_SECONDS must be a whole number from 1 to 1000000000, got '${text}'`,
        ),
      );
    },
  );
});
