import { ConsoleLogger, Logger, type LogLevel } from '@nestjs/common';
import { readSetting, readVariable, type Environment } from '../config/environment';

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
  env: Environment = process.env,
  isTty: boolean = process.stdout.isTTY === true,
): LogSettings {
  const levelText = readSetting('BERTH_LOG_LEVEL', env);
  const at = SEVERITY.indexOf(levelText === 'info' ? 'log' : levelText);
  const formatText = (readVariable('BERTH_LOG_FORMAT', env) ??
    (isTty ? 'text' : 'json')) as LogFormat;
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
