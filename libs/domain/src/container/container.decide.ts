import { ContainerCommand } from './container.commands';
import { ContainerEvent } from './container.events';
import { decideChange } from './container.decide.change';
import { ready, scope } from './container.decide.guards';
import { decideLifecycle } from './container.decide.lifecycle';
import { decideNetwork } from './container.decide.networks';
import { ContainerState } from './container.state';

/**
 * The API side of the container aggregate: a command either becomes events to append (with the
 * stream's revision as the expected one) or is refused with a DomainError. Most commands yield
 * one request event for compute to act on; rename and Docker-free updates also yield the outcome.
 */
export function decide(state: ContainerState, command: ContainerCommand): ContainerEvent[] {
  switch (command.type) {
    case 'StartContainer':
      ready(state, command, 'start', 'start');
      return [{ type: 'ContainerStartRequested', version: 1, data: scope(command) }];
    case 'StopContainer':
      ready(state, command, 'stop', 'stop');
      return [
        {
          type: 'ContainerStopRequested',
          version: 1,
          data: { ...scope(command), timeout: command.data.timeout },
        },
      ];
    case 'RebootContainer':
      ready(state, command, 'reboot', 'reboot');
      return [
        {
          type: 'ContainerRebootRequested',
          version: 1,
          data: { ...scope(command), timeout: command.data.timeout },
        },
      ];
    case 'PauseContainer':
      ready(state, command, 'pause', 'pause');
      return [{ type: 'ContainerPauseRequested', version: 1, data: scope(command) }];
    case 'UnpauseContainer':
      ready(state, command, 'unpause', 'unpause');
      return [{ type: 'ContainerUnpauseRequested', version: 1, data: scope(command) }];
    case 'KillContainer':
      ready(state, command, 'kill', 'kill');
      return [
        {
          type: 'ContainerKillRequested',
          version: 1,
          data: { ...scope(command), signal: command.data.signal },
        },
      ];
    case 'CreateContainer':
    case 'DeleteContainer':
    case 'RebuildContainer':
      return decideLifecycle(state, command);
    case 'UpdateContainer':
    case 'RenameContainer':
    case 'ExecInContainer':
    case 'CommitContainer':
      return decideChange(state, command);
    case 'AttachContainerNetwork':
    case 'DetachContainerNetwork':
      return decideNetwork(state, command);
  }
}
