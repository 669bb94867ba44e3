/** Builders for compute's unit specs: states are folded from real domain events with `evolve`. */
import {
  evolve,
  initialState,
  type ContainerEvent,
  type ContainerSpec,
  type ContainerState,
  type PresentContainer,
} from '@berth/domain';

export const UUID = '0b6f3c1e-2a4d-4e8f-9c10-5d7e8f9a0b1c';
export const HOST = 'host-a';
export const T0 = '2025-01-01T00:00:00.000Z';
export const T1 = '2025-01-01T00:00:01.000Z';
export const T2 = '2025-01-01T00:00:02.000Z';

import { aSpec } from '@berth/domain/testing/a-spec';

export { aSpec };

/** The events of one container's life, built fluently: `history().created().started().events`. */
export class History {
  readonly events: ContainerEvent[] = [];
  private seq = 0;

  constructor(
    private readonly uuid = UUID,
    private readonly host = HOST,
  ) {}

  private id(): string {
    this.seq += 1;
    return `req-${this.seq}`;
  }

  private get lastRequestId(): string {
    return `req-${this.seq}`;
  }

  private push(...events: ContainerEvent[]): this {
    this.events.push(...events);
    return this;
  }

  createRequested(spec: Partial<ContainerSpec> = {}, run = false): this {
    return this.push({
      type: 'ContainerCreateRequested',
      version: 1,
      data: {
        request_id: this.id(),
        at: T0,
        uuid: this.uuid,
        name: 'web',
        project_id: 'p1',
        user_id: 'u1',
        spec: aSpec(spec),
        host: this.host,
        run,
      },
    });
  }

  created(running = false): this {
    return this.push({
      type: 'ContainerCreated',
      version: 1,
      data: {
        request_id: this.lastRequestId,
        at: T1,
        docker_id: 'docker-1',
        image_id: 'sha256:img',
        addresses: {},
        ports: [],
        running,
      },
    });
  }

  /** A plain request/outcome pair such as Start/Started, Pause/Paused. */
  requested(type: ContainerEvent['type'], extra: object = {}): this {
    return this.push({
      type,
      version: 1,
      data: { request_id: this.id(), at: T1, ...extra },
    } as ContainerEvent);
  }

  outcome(type: ContainerEvent['type'], extra: object = {}): this {
    return this.push({
      type,
      version: 1,
      data: { request_id: this.lastRequestId, at: T2, ...extra },
    } as ContainerEvent);
  }

  started(): this {
    return this.requested('ContainerStartRequested').outcome('ContainerStarted');
  }

  stopped(exit_code = 0): this {
    return this.requested('ContainerStopRequested', { timeout: 10 }).outcome('ContainerStopped', {
      exit_code,
    });
  }

  paused(): this {
    return this.requested('ContainerPauseRequested').outcome('ContainerPaused');
  }

  deleted(): this {
    return this.requested('ContainerDeleteRequested', { force: false, stop: false }).outcome(
      'ContainerDeleted',
    );
  }

  get state(): ContainerState {
    return this.events.reduce(evolve, initialState());
  }

  get present(): PresentContainer {
    const state = this.state;
    if (!state.exists) throw new Error('expected the container to exist');
    return state;
  }
}

export function history(uuid = UUID, host = HOST): History {
  return new History(uuid, host);
}
