/**
 * The runtime's small error vocabulary. Each keeps Docker's own message verbatim, because that
 * text (e.g. `exec: "nosuchcmd": executable file not found in $PATH`) is what a user can act on.
 */
export class RuntimeError extends Error {
  constructor(
    message: string,
    /** HTTP status Docker answered with, when the error came from the engine. */
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class RuntimeImageNotFoundError extends RuntimeError {}

export class RuntimeContainerNotFoundError extends RuntimeError {}

/** The container is in the wrong state for the request, or a name is taken. */
export class RuntimeConflictError extends RuntimeError {}

/**
 * The engine did not answer: unreachable (socket refused, reset, missing) or silent past its time
 * limit (see docker-timeouts). Its cause keeps Node's error code (ECONNREFUSED, ETIMEDOUT…), which
 * is how compute tells a host's failure from the user's.
 */
export class RuntimeUnavailableError extends RuntimeError {}

/** Node's socket errors that mean no engine answered at all. */
const UNREACHABLE: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

interface ModemError {
  message: string;
  statusCode?: number;
  json?: unknown;
}

function isModemError(err: unknown): err is ModemError {
  return err instanceof Error;
}

/** Docker's message without docker-modem's "(HTTP code 404) no such container - " prefix. */
export function dockerMessage(err: unknown): string {
  if (!isModemError(err)) return String(err);
  const json = err.json as { message?: unknown } | null | undefined;
  if (json && typeof json.message === 'string') return json.message.trim();
  return err.message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

export function statusOf(err: unknown): number | undefined {
  return isModemError(err) && typeof err.statusCode === 'number' ? err.statusCode : undefined;
}

/**
 * Maps an engine error onto the typed set. `subject` says what a bare 404 is about, since
 * Docker's 404 on create means the image and on every other container call the container.
 */
export function translateDockerError(
  err: unknown,
  subject: 'container' | 'image' = 'container',
): RuntimeError {
  if (err instanceof RuntimeError) return err;
  const status = statusOf(err);
  const message = dockerMessage(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (status === undefined && typeof code === 'string' && UNREACHABLE.has(code))
    return new RuntimeUnavailableError(message, undefined, { cause: err });
  if (status === 404) {
    if (
      /no such image|manifest unknown|not found: manifest|repository does not exist/i.test(message)
    )
      return new RuntimeImageNotFoundError(message, status, { cause: err });
    if (subject === 'image') return new RuntimeImageNotFoundError(message, status, { cause: err });
    // A 404 can also mean a missing path (archive) or exec; only this one means the container.
    if (/no such container/i.test(message))
      return new RuntimeContainerNotFoundError(message, status, { cause: err });
  }
  if (status === 409) return new RuntimeConflictError(message, status, { cause: err });
  return new RuntimeError(message, status, { cause: err });
}

/** Runs a Docker call and rethrows its failure as a typed runtime error. */
export async function withDockerErrors<T>(
  call: () => Promise<T>,
  subject: 'container' | 'image' = 'container',
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw translateDockerError(err, subject);
  }
}

/** The image reference itself is malformed; no engine was asked. */
export class RuntimeInvalidImageRefError extends RuntimeError {}
