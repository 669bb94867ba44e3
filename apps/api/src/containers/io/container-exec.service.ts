import { randomBytes } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { DomainError, type ContainerEvent, type ExecInContainer } from '@berth/domain';
import { ApiConfig } from '../../config/api-config';
import type { RequestContext } from '../../request-context';
import { CommandBus } from '@nestjs/cqrs';
import { ContainerActionCommand } from '../commands/container-action.command';
import { RecordOutcomeCommand } from '../commands/record-outcome.command';
import { ConsoleLinks } from '../../console/console-links';
import { ExecTimedOut, outputWithNote } from './exec-limits';
import { toUserError } from './io-errors';
import type { IoTarget } from './io-targets';

/** Zun's execute response; `proxy_url` is the console websocket of an interactive exec. */
export interface ExecResponse {
  output: string | null;
  exit_code: number | null;
  exec_id: string | null;
  proxy_url: string | null;
}

export interface ExecRequest {
  command: string[];
  run: boolean;
  interactive: boolean;
}

/** An exec prepared for a console: its id, and the mark that finds its processes (execKill). */
export interface ConsoleExec {
  execId: string;
  mark: string;
}

/**
 * An exec is an action in the container's log: its request event, then exactly one outcome. The
 * domain allows one pending action per container, so the outcome is written in a `finally`: an
 * exec whose outcome went missing would block every later action on the container.
 */
@Injectable()
export class ContainerExecService {
  private readonly log = new Logger('ContainerExec');

  constructor(
    private readonly commands: CommandBus,
    private readonly config: ApiConfig,
    /** Provided by ConsoleModule; without it an interactive exec has no proxy_url. */
    @Optional() private readonly consoles?: ConsoleLinks,
  ) {}

  async execute(
    target: IoTarget,
    request: ExecRequest,
    ctx: RequestContext,
  ): Promise<ExecResponse> {
    return this.recorded(target, request, ctx, () => this.run(target, request, ctx));
  }

  /**
   * An interactive exec for a socket.io console, recorded in the action log as `execute` is:
   * created (not started) with a fresh process mark, so its console can end it on close.
   */
  async prepareConsole(
    target: IoTarget,
    command: string[],
    tty: boolean,
    ctx: RequestContext,
  ): Promise<ConsoleExec> {
    const mark = newMark();
    const request: ExecRequest = { command, run: false, interactive: true };
    const response = await this.recorded(target, request, ctx, async () => {
      const execId = await target.runtime.execCreate(target.container.uuid, command, {
        tty,
        interactive: true,
        mark,
      });
      return { output: null, exit_code: null, exec_id: execId, proxy_url: null };
    });
    return { execId: response.exec_id ?? '', mark };
  }

  private async recorded(
    target: IoTarget,
    request: ExecRequest,
    ctx: RequestContext,
    work: () => Promise<ExecResponse>,
  ): Promise<ExecResponse> {
    const { uuid } = target.container;
    const command: ExecInContainer = {
      type: 'ExecInContainer',
      data: {
        uuid,
        request_id: ctx.request_id,
        at: new Date().toISOString(),
        command: request.command,
        interactive: request.interactive,
      },
    };
    await this.commands.execute(new ContainerActionCommand(command, ctx));

    let outcome: ContainerEvent = failed(ctx, 'The exec ended without an outcome.');
    try {
      const response = await work();
      outcome = {
        type: 'ContainerExecuted',
        version: 1,
        data: { ...scope(ctx), exit_code: response.exit_code, exec_id: response.exec_id },
      };
      return response;
    } catch (err) {
      const refusal = toUserError(err, target.hints);
      // Only a refusal's own words go into status_reason; an unexpected error's text stays in logs.
      const reason =
        refusal instanceof DomainError
          ? refusal.message
          : `The exec failed unexpectedly (request ${ctx.request_id}).`;
      outcome = failed(ctx, reason);
      throw refusal;
    } finally {
      await this.commands.execute(new RecordOutcomeCommand(uuid, [outcome], ctx));
    }
  }

  private async run(
    target: IoTarget,
    request: ExecRequest,
    ctx: RequestContext,
  ): Promise<ExecResponse> {
    const { runtime, container } = target;
    // Zun gives the exec a TTY exactly when it is interactive, run or not.
    const tty = request.interactive;
    if (request.run) {
      const { execTimeoutSeconds, execMaxOutputBytes } = this.config.streams;
      const result = await runtime.exec(container.uuid, request.command, {
        tty,
        maxOutputBytes: execMaxOutputBytes,
        timeoutMs: execTimeoutSeconds * 1000,
      });
      if (result.timedOut) {
        if (result.leftRunning) {
          this.log.warn(
            `${ctx.request_id}: the exec in ${container.uuid} outlived its deadline and could not be killed (the image may have no sh, tr, grep or kill)`,
          );
        }
        throw new ExecTimedOut(request.command, execTimeoutSeconds);
      }
      return {
        output: outputWithNote(result.output, result.droppedBytes),
        exit_code: result.exitCode,
        exec_id: null,
        proxy_url: null,
      };
    }
    // The console proxy ends the exec's processes by this mark when its websocket closes.
    const mark = request.interactive ? newMark() : undefined;
    const execId = await runtime.execCreate(container.uuid, request.command, {
      tty,
      interactive: request.interactive,
      mark,
    });
    // Zun answers the websocket URL of its console proxy for an interactive exec only.
    const proxyUrl =
      request.interactive && this.consoles
        ? this.consoles.forExec(container, execId, ctx, mark)
        : null;
    return { output: null, exit_code: null, exec_id: execId, proxy_url: proxyUrl };
  }
}

function newMark(): string {
  return randomBytes(16).toString('hex');
}

function scope(ctx: RequestContext): { request_id: string; at: string } {
  return { request_id: ctx.request_id, at: new Date().toISOString() };
}

function failed(ctx: RequestContext, reason: string): ContainerEvent {
  return { type: 'ContainerExecFailed', version: 1, data: { ...scope(ctx), reason } };
}
