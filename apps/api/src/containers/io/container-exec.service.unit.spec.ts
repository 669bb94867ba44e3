import { jest } from '@jest/globals';
import { Conflict as DomainConflict } from '../../errors';
import type { ContainerEvent, PresentContainer } from '@berth/domain';
import { RuntimeConflictError, RuntimeError, type ContainerRuntime } from '@berth/drivers';
import { ApiConfig } from '../../config/api-config';
import { RequestContext } from '../../request-context';
import type { CommandBus } from '@nestjs/cqrs';
import { ContainerActionCommand } from '../commands/container-action.command';
import { RecordOutcomeCommand } from '../commands/record-outcome.command';
import { ContainerExecService } from './container-exec.service';
import { ExecTimedOut } from './exec-limits';
import { DockerError } from './io-errors';
import type { IoTarget } from './io-targets';

const ctx = RequestContext.anonymous('req-1');

const config = new ApiConfig({
  host: '127.0.0.1',
  port: 0,
  publicUrl: 'http://127.0.0.1:0',
  databaseUrl: 'postgres://unused',
  stateDir: '/nonexistent',
  streams: { execTimeoutSeconds: 7, execMaxOutputBytes: 100 },
});

const ran = (output: string, exitCode: number, droppedBytes = 0) =>
  Promise.resolve({ output, exitCode, droppedBytes, timedOut: false });

function setup(
  runtime: Partial<ContainerRuntime>,
  execute = jest.fn((_command: unknown, _ctx: unknown) => Promise.resolve({})),
) {
  const recorded: ContainerEvent[][] = [];
  // The command bus as the exec sees it: the request decided, the outcome recorded.
  const commands = {
    execute: async (sent: unknown) => {
      if (sent instanceof ContainerActionCommand) return execute(sent.command, sent.ctx);
      if (sent instanceof RecordOutcomeCommand) recorded.push(sent.events);
      return undefined;
    },
  } as unknown as CommandBus;
  const target: IoTarget = {
    container: { uuid: 'u1', host: 'h1' } as PresentContainer,
    runtime: runtime as ContainerRuntime,
    hints: { uuid: 'u1', host: 'h1' },
  };
  return { service: new ContainerExecService(commands, config), target, recorded, execute };
}

const plain = { command: ['echo', 'hi'], run: true, interactive: false };

describe('ContainerExecService', () => {
  it('requests, runs, records the exit code and answers Zun’s body', async () => {
    const exec = jest.fn(() => ran('hi\n', 0));
    const { service, target, recorded, execute } = setup({ exec });
    await expect(service.execute(target, plain, ctx)).resolves.toEqual({
      output: 'hi\n',
      exit_code: 0,
      exec_id: null,
      proxy_url: null,
    });
    expect(execute).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'ExecInContainer',
        data: expect.objectContaining({ uuid: 'u1', request_id: 'req-1', command: ['echo', 'hi'] }),
      }),
      ctx,
    );
    expect(exec).toHaveBeenCalledWith('u1', ['echo', 'hi'], {
      tty: false,
      maxOutputBytes: 100,
      timeoutMs: 7000,
    });
    expect(recorded).toEqual([
      [
        expect.objectContaining({
          type: 'ContainerExecuted',
          data: expect.objectContaining({ request_id: 'req-1', exit_code: 0, exec_id: null }),
        }),
      ],
    ]);
  });

  it('answers a truncated output with a first line saying what is missing', async () => {
    const exec = jest.fn(() => ran('the tail\n', 0, 5000));
    const { service, target } = setup({ exec });
    const response = await service.execute(target, plain, ctx);
    expect(response.output).toBe(
      '[output truncated: the first 5000 bytes are not shown]\nthe tail\n',
    );
  });

  it('answers an exec past its deadline with Zun’s 409 and records it as failed', async () => {
    const exec = jest.fn(() =>
      Promise.resolve({ output: '', exitCode: -1, droppedBytes: 0, timedOut: true }),
    );
    const { service, target, recorded } = setup({ exec });
    const refusal = new ExecTimedOut(['echo', 'hi'], 7);
    await expect(service.execute(target, plain, ctx)).rejects.toEqual(refusal);
    expect(recorded).toEqual([
      [
        expect.objectContaining({
          type: 'ContainerExecFailed',
          data: expect.objectContaining({ reason: refusal.message }),
        }),
      ],
    ]);
  });

  it('records the failure and answers it in the API’s terms', async () => {
    const exec = jest.fn(() => Promise.reject(new RuntimeError('boom', 500)));
    const { service, target, recorded } = setup({ exec });
    await expect(service.execute(target, plain, ctx)).rejects.toEqual(new DockerError('boom'));
    expect(recorded).toEqual([
      [
        expect.objectContaining({
          type: 'ContainerExecFailed',
          data: expect.objectContaining({ reason: 'Docker internal error: boom.' }),
        }),
      ],
    ]);
  });

  it('turns a Docker conflict into a 409 and still records an outcome', async () => {
    const exec = jest.fn(() =>
      Promise.reject(new RuntimeConflictError('Container abc is paused', 409)),
    );
    const { service, target, recorded } = setup({ exec });
    await expect(service.execute(target, plain, ctx)).rejects.toBeInstanceOf(DomainConflict);
    expect(recorded).toHaveLength(1);
  });

  it('keeps an unexpected error’s text out of the recorded reason', async () => {
    const exec = jest.fn(() => Promise.reject(new TypeError('secret internals')));
    const { service, target, recorded } = setup({ exec });
    await expect(service.execute(target, plain, ctx)).rejects.toBeInstanceOf(TypeError);
    expect(JSON.stringify(recorded)).not.toContain('secret internals');
  });

  it('runs nothing and records nothing when the request is refused', async () => {
    const exec = jest.fn(() => ran('', 0));
    const refused = jest.fn(() => Promise.reject(new DomainConflict('busy')));
    const { service, target, recorded } = setup({ exec }, refused);
    await expect(service.execute(target, plain, ctx)).rejects.toBeInstanceOf(DomainConflict);
    expect(exec).not.toHaveBeenCalled();
    expect(recorded).toEqual([]);
  });

  it('creates an interactive exec with a TTY and records its id', async () => {
    const id = 'e'.repeat(64);
    const execCreate = jest.fn(() => Promise.resolve(id));
    const { service, target, recorded } = setup({ execCreate });
    const request = { command: ['sh'], run: false, interactive: true };
    await expect(service.execute(target, request, ctx)).resolves.toEqual({
      output: null,
      exit_code: null,
      exec_id: id,
      proxy_url: null,
    });
    // The mark lets the console end the exec's processes when it closes.
    expect(execCreate).toHaveBeenCalledWith('u1', ['sh'], {
      tty: true,
      interactive: true,
      mark: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(recorded).toEqual([
      [
        expect.objectContaining({
          type: 'ContainerExecuted',
          data: expect.objectContaining({ exit_code: null, exec_id: id }),
        }),
      ],
    ]);
  });
});
