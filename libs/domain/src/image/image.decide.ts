import { DomainError } from '../shared';
import type { ImageEvent, ImageIdentity } from './image.events';
import type { ImageState } from './image.state';

export class ImageNotFound extends DomainError {
  readonly code = 'image-not-found';
  readonly status = 404;
  constructor(uuid: string) {
    super(`Image ${uuid} could not be found.`);
  }
}

export class ImageConflict extends DomainError {
  readonly code = 'conflict';
  readonly status = 409;
}

interface Scoped {
  uuid: string;
  request_id: string;
  at: string;
}

export type PullImage = { type: 'PullImage'; data: Scoped & ImageIdentity };
export type DeleteImage = { type: 'DeleteImage'; data: Scoped };
export type ImageCommand = PullImage | DeleteImage;

/** Pulls start an image's stream; a delete needs a settled image that is not already gone. */
export function decideImage(state: ImageState, command: ImageCommand): ImageEvent[] {
  const { uuid, request_id, at } = command.data;
  switch (command.type) {
    case 'PullImage': {
      if (state.exists) throw new ImageConflict(`Image ${uuid} already exists.`);
      const { uuid: _uuid, ...data } = command.data;
      return [{ type: 'ImagePullRequested', version: 1, data }];
    }
    case 'DeleteImage': {
      if (!state.exists || state.status === 'Deleted') throw new ImageNotFound(uuid);
      if (state.pending)
        throw new ImageConflict(`Cannot delete image ${uuid} while it is ${state.status}.`);
      return [{ type: 'ImageDeleteRequested', version: 1, data: { request_id, at } }];
    }
  }
}
