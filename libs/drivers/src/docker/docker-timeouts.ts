import type Dockerode from 'dockerode';
import type { IncomingMessage } from 'node:http';
import { RuntimeUnavailableError } from './runtime.errors';

/** How long Berth waits on one Docker engine call, in milliseconds; 0 waits for ever. */
export interface DockerTimeouts {
  /** Any call: until its answer is read, or for a stream, until the stream starts. */
  callMs: number;
  /** An image pull or a commit, whole: they copy layers and take as long as those are big. */
  pullMs: number;
}

export const DEFAULT_DOCKER_TIMEOUTS: DockerTimeouts = { callMs: 30_000, pullMs: 600_000 };

type Dial = Dockerode['modem']['dial'];
type DialOptions = Parameters<Dial>[0];
type DialCallback = NonNullable<Parameters<Dial>[1]>;

/** One call's limit; `whole`: until its answer has been read to the end, not only begun. */
export interface CallDeadline {
  ms: number;
  whole: boolean;
}

const VERSION = String.raw`(?:/v[\d.]+)?`;
/** Pulls and commits: streamed progress (pull) or one long answer (commit). */
const LONG = new RegExp(`^${VERSION}/(?:images/create|commit)\\?`);
/** Stop and restart answer once the container is down: its grace period comes on top. */
const GRACEFUL = new RegExp(`^${VERSION}/containers/[^/]+/(?:stop|restart)\\?`);
/** Docker's own default grace period when a stop names none (a container's StopTimeout). */
const DEFAULT_GRACE_MS = 10_000;

/**
 * The limit of one call as dockerode describes it to its modem. Streams meant to stay open
 * (events, attach, exec consoles, logs that follow) are limited only until they start: after that,
 * silence is theirs to keep.
 */
export function deadlineOf(call: DialOptions, timeouts: DockerTimeouts): CallDeadline | null {
  if (LONG.test(call.path))
    return timeouts.pullMs > 0 ? { ms: timeouts.pullMs, whole: true } : null;
  if (timeouts.callMs <= 0) return null;
  if (GRACEFUL.test(call.path)) {
    const grace = Number((call.options as { t?: unknown } | undefined)?.t);
    const graceMs = Number.isFinite(grace) && grace >= 0 ? grace * 1000 : DEFAULT_GRACE_MS;
    return { ms: timeouts.callMs + graceMs, whole: true };
  }
  return { ms: timeouts.callMs, whole: call.isStream !== true && call.hijack !== true };
}

/**
 * Puts a time limit on every call `engine` makes, in the one place they all pass: its modem's
 * `dial` (every dockerode object shares the engine's modem). A call past its limit is aborted and
 * fails with RuntimeUnavailableError; a call's own abort signal still works beside it.
 */
export function limitCalls(engine: Dockerode, timeouts: DockerTimeouts): void {
  const modem = engine.modem;
  const dial: Dial = modem.dial.bind(modem);
  modem.dial = (call: DialOptions, callback?: DialCallback): void => {
    const deadline = deadlineOf(call, timeouts);
    if (deadline === null || callback === undefined) return dial(call, callback);
    dial(...limited(call, callback, deadline));
  };
}

function limited(
  call: DialOptions,
  callback: DialCallback,
  deadline: CallDeadline,
): [DialOptions, DialCallback] {
  const abort = new AbortController();
  let timedOut: RuntimeUnavailableError | undefined;
  let stream: IncomingMessage | undefined;
  const timer = setTimeout(() => {
    timedOut = new RuntimeUnavailableError(
      `Docker did not answer ${call.method ?? 'GET'} ${call.path.replace(/\?$/, '')} within ${deadline.ms / 1000} s`,
      undefined,
      { cause: Object.assign(new Error('Docker call timed out'), { code: 'ETIMEDOUT' }) },
    );
    // A stream already handed out fails its reader rather than ending as if it were complete.
    if (stream) stream.destroy(timedOut);
    else abort.abort(timedOut);
  }, deadline.ms);
  const signals = call.abortSignal ? [call.abortSignal, abort.signal] : [abort.signal];
  const answered: DialCallback = (error, result) => {
    if (error !== null || !deadline.whole || !isIncoming(result)) clearTimeout(timer);
    else {
      stream = result;
      result.once('close', () => clearTimeout(timer));
    }
    callback(error !== null ? (timedOut ?? error) : error, result);
  };
  return [{ ...call, abortSignal: AbortSignal.any(signals) }, answered];
}

function isIncoming(result: unknown): result is IncomingMessage {
  return (
    typeof result === 'object' &&
    result !== null &&
    typeof (result as Partial<IncomingMessage>).destroy === 'function' &&
    typeof (result as Partial<IncomingMessage>).once === 'function'
  );
}
