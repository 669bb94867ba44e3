import {
  CommitContainer,
  ExecInContainer,
  RenameContainer,
  UpdateContainer,
} from './container.commands';
import { allowed, ready, scope } from './container.decide.guards';
import { ContainerEvent } from './container.events';
import { ContainerPatch } from './container.events.change';
import { ContainerNameUnchanged } from './container.errors';
import { ContainerState } from './container.state';
import { projectImageRepository } from '../image/image-namespace';

export function decideChange(
  state: ContainerState,
  command: UpdateContainer | RenameContainer | ExecInContainer | CommitContainer,
): ContainerEvent[] {
  switch (command.type) {
    case 'UpdateContainer':
      return decideUpdate(state, command);
    case 'RenameContainer':
      return decideRename(state, command);
    case 'ExecInContainer': {
      allowed(state, command, 'execute');
      const { command: argv, interactive } = command.data;
      const data = { ...scope(command), command: argv, interactive };
      return [{ type: 'ContainerExecRequested', version: 1, data }];
    }
    case 'CommitContainer': {
      const container = ready(state, command, 'commit', 'commit');
      const { tag, image_uuid } = command.data;
      // Into the project's own namespace: a commit can never replace an image others run.
      const repository = projectImageRepository(container.project_id, command.data.repository);
      const data = { ...scope(command), repository, tag, image_uuid };
      return [{ type: 'ContainerCommitRequested', version: 1, data }];
    }
  }
}

/** cpu and memory change Docker's limits, so compute must act; name and auto_heal do not. */
export function patchNeedsCompute(patch: ContainerPatch): boolean {
  return patch.cpu !== undefined || patch.memory !== undefined;
}

/**
 * A Docker-free update is decided whole here: request and outcome together, so the API can answer
 * 200 with the changed container at once (Zun's PATCH is synchronous) and compute has nothing to do.
 */
function decideUpdate(state: ContainerState, command: UpdateContainer): ContainerEvent[] {
  ready(state, command, 'update', 'update');
  const { patch } = command.data;
  const data = { ...scope(command), patch };
  const requested: ContainerEvent = { type: 'ContainerUpdateRequested', version: 1, data };
  if (patchNeedsCompute(patch)) return [requested];
  return [requested, { type: 'ContainerUpdated', version: 1, data }];
}

/** Zun checks no status for rename (it is a row update); it refuses only the unchanged name. */
function decideRename(state: ContainerState, command: RenameContainer): ContainerEvent[] {
  const container = ready(state, command, 'rename', null);
  const { name } = command.data;
  if (container.name === name) throw new ContainerNameUnchanged(name);
  const data = { ...scope(command), name };
  return [
    { type: 'ContainerRenameRequested', version: 1, data },
    { type: 'ContainerRenamed', version: 1, data },
  ];
}
