import { Injectable } from '@nestjs/common';
import { ContainerExecService } from '../containers/io/container-exec.service';
import { toUserError } from '../containers/io/io-errors';
import { IoTargets, type IoTarget } from '../containers/io/io-targets';
import { NoInteractiveFlag } from '../console/console.controller';
import { PolicyEnforcer } from '../policy';
import type { RuleName } from '../policy/rules';
import type { RequestContext } from '../request-context';
import type { OpenRequest, TerminalSize } from './console-requests';

/** How a console's Docker stream ended, as the client is told in `end`. */
export interface StreamEnd {
  reason: string;
  exitCode?: number;
}

/** A console's Docker side, opened and ready to pipe. */
export interface OpenedConsole {
  kind: OpenRequest['kind'];
  uuid: string;
  /** Docker's stream: two-way for attach and exec, read-only for logs. */
  stream: NodeJS.ReadableStream & Partial<Pick<NodeJS.WritableStream, 'write' | 'end'>>;
  /** Stdout and stderr come in Docker's frames (a stream without a tty). */
  framed: boolean;
  /** Resizes the terminal; undefined when there is none. */
  resize?: (size: TerminalSize) => Promise<void>;
  /** Once the stream ended on its own: why, for the client. */
  ended(): Promise<StreamEnd>;
  /** Once the console is over, however it ended: what must not outlive it (an exec's processes). */
  release(): Promise<void>;
}

const RULES: Readonly<Record<OpenRequest['kind'], RuleName>> = {
  attach: 'container:attach',
  exec: 'container:execute',
  logs: 'container:logs',
};

/** Docker marks an exec ended shortly after its stream closes: look a few times. */
const EXIT_LOOKS = 10;
const EXIT_LOOK_MS = 50;

/**
 * Opens the Docker side of a socket.io console with the same checks, in the same order, as the
 * REST route of its kind: the rule at the door (a reader's attach or exec is a 403), the container
 * found in the caller's scope and the rule again on it (another project's is a 404), its status
 * (Zun's 409 unless allowed), then the engine. An exec is recorded in the action log as
 * `execute` is, and created with a process mark so that closing its console ends it.
 */
@Injectable()
export class ConsoleOpener {
  constructor(
    private readonly targets: IoTargets,
    private readonly execs: ContainerExecService,
    private readonly policy: PolicyEnforcer,
  ) {}

  async open(request: OpenRequest, caller: RequestContext): Promise<OpenedConsole> {
    const rule = RULES[request.kind];
    const ctx = caller.withRule(rule);
    this.policy.enforce(ctx, rule);
    const action = request.kind === 'exec' ? 'execute' : request.kind;
    const target = await this.targets.resolve(request.container, action, ctx, false);
    if (request.kind === 'logs') return this.logs(target, request);
    if (request.kind === 'attach') return this.attach(target, request.size);
    return this.exec(target, request.command, request.tty, request.size, ctx);
  }

  private async logs(
    target: IoTarget,
    request: Extract<OpenRequest, { kind: 'logs' }>,
  ): Promise<OpenedConsole> {
    const { runtime, container, hints } = target;
    const stream = await guard(hints, () =>
      runtime.logs(container.uuid, {
        stdout: true,
        stderr: true,
        timestamps: false,
        tail: request.tail,
        follow: request.follow,
      }),
    );
    return {
      kind: 'logs',
      uuid: container.uuid,
      stream,
      framed: false,
      ended: () => Promise.resolve({ reason: 'logs_ended' }),
      release: () => Promise.resolve(),
    };
  }

  private async attach(target: IoTarget, size: TerminalSize | undefined): Promise<OpenedConsole> {
    const { runtime, container, hints } = target;
    if (!container.spec.interactive) throw new NoInteractiveFlag();
    const stream = await guard(hints, () => runtime.attach(container.uuid));
    const tty = container.spec.tty;
    const resize = tty
      ? (s: TerminalSize): Promise<void> =>
          guard(hints, () => runtime.resize(container.uuid, s.cols, s.rows))
      : undefined;
    const opened: OpenedConsole = {
      kind: 'attach',
      uuid: container.uuid,
      stream,
      framed: !tty,
      resize,
      ended: async () => {
        const now = await runtime.inspect(container.uuid).catch(() => undefined);
        if (now === undefined || now.status === 'running') return { reason: 'stream_closed' };
        return { reason: 'container_stopped', exitCode: now.exitCode };
      },
      release: () => Promise.resolve(),
    };
    await initialSize(opened, size);
    return opened;
  }

  private async exec(
    target: IoTarget,
    command: string[],
    tty: boolean,
    size: TerminalSize | undefined,
    ctx: RequestContext,
  ): Promise<OpenedConsole> {
    const { runtime, container, hints } = target;
    const { execId, mark } = await this.execs.prepareConsole(target, command, tty, ctx);
    const release = (): Promise<void> => runtime.execKill(container.uuid, mark);
    let stream: NodeJS.ReadWriteStream;
    try {
      stream = await guard(hints, () => runtime.execStart(execId, { tty }));
    } catch (error) {
      await release();
      throw error;
    }
    const opened: OpenedConsole = {
      kind: 'exec',
      uuid: container.uuid,
      stream,
      framed: !tty,
      resize: tty
        ? (s) => guard(hints, () => runtime.execResize(container.uuid, execId, s.cols, s.rows))
        : undefined,
      ended: async () => {
        for (let look = 0; look < EXIT_LOOKS; look += 1) {
          const state = await runtime.execInspect(execId).catch(() => undefined);
          if (state === undefined) break;
          if (!state.running) return { reason: 'exited', exitCode: state.exitCode ?? undefined };
          await new Promise((r) => setTimeout(r, EXIT_LOOK_MS));
        }
        return { reason: 'stream_closed' };
      },
      release,
    };
    await initialSize(opened, size);
    return opened;
  }
}

/** The size asked for at open; a failure there fails the open (and the caller releases). */
async function initialSize(opened: OpenedConsole, size: TerminalSize | undefined): Promise<void> {
  if (size === undefined || opened.resize === undefined) return;
  try {
    await opened.resize(size);
  } catch (error) {
    closeDockerStream(opened.stream);
    await opened.release();
    throw error;
  }
}

/** Detaches from Docker by closing the stream: EOF to the process, no signal (DESIGN.md). */
export function closeDockerStream(stream: OpenedConsole['stream']): void {
  stream.end?.();
  const destroyable = stream as { destroy?: () => void };
  destroyable.destroy?.();
}

async function guard<T>(hints: IoTarget['hints'], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toUserError(error, hints);
  }
}
