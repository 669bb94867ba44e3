import { ConsoleLogger, Logger, type LogLevel } from '@nestjs/common';

export type LogFormat = 'json' | 'text';

export interface LogSettings {
  levels: LogLevel[];
  format: LogFormat;
  /** ANSI colours: only for text on a terminal, never into a file or a pipe. */
  colors: boolean;
}

/** From most to least severe; BERTH_LOG_LEVEL keeps its level and everything above it. */
const SEVERITY: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * BERTH_LOG_LEVEL (fatal, error, warn, info, debug, verbose; default info) and BERTH_LOG_FORMAT
 * (json or text). Without a format: coloured text on a terminal, one JSON object a line
 * otherwise, so a file or a log collector never sees escape codes.
 */
export function logSettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  isTty: boolean = process.stdout.isTTY === true,
): LogSettings {
  const levelText = (env.BERTH_LOG_LEVEL ?? 'info').trim().toLowerCase();
  const level = (levelText === 'info' ? 'log' : levelText) as LogLevel;
  const at = SEVERITY.indexOf(level);
  if (at < 0 || levelText === 'log') {
    throw new Error(
      `BERTH_LOG_LEVEL must be one of fatal, error, warn, info, debug, verbose; got '${levelText}'`,
    );
  }
  const formatText = env.BERTH_LOG_FORMAT?.trim().toLowerCase() || (isTty ? 'text' : 'json');
  if (formatText !== 'json' && formatText !== 'text') {
    throw new Error(`BERTH_LOG_FORMAT must be json or text, got '${formatText}'`);
  }
  return {
    levels: SEVERITY.slice(0, at + 1),
    format: formatText,
    colors: formatText === 'text' && isTty,
  };
}

/** The process' logger, made the default of every `new Logger(context)` too. */
export function useBerthLogger(settings: LogSettings = logSettingsFromEnv()): ConsoleLogger {
  const logger = new ConsoleLogger({
    logLevels: settings.levels,
    json: settings.format === 'json',
    colors: settings.colors,
  });
  Logger.overrideLogger(logger);
  return logger;
}
