import type { ImageEvent, ImageIdentity } from './image.events';

/** Zun has no image status column; these say where the image's own lifecycle is. */
export type ImageStatus = 'Pulling' | 'Pulled' | 'Committed' | 'Error' | 'Deleting' | 'Deleted';

export type ImageState =
  | { exists: false }
  | (ImageIdentity & {
      exists: true;
      status: ImageStatus;
      image_id: string | null;
      size: number | null;
      container_uuid: string | null;
      status_reason: string | null;
      /** The request awaiting compute's outcome, if any. */
      pending: { request_id: string; action: 'pull' | 'delete' } | null;
    });

export const initialImageState: ImageState = { exists: false };

export function evolveImage(state: ImageState, event: ImageEvent): ImageState {
  switch (event.type) {
    case 'ImagePullRequested': {
      const { request_id, at: _at, ...identity } = event.data;
      return {
        ...identity,
        exists: true,
        status: 'Pulling',
        image_id: null,
        size: null,
        container_uuid: null,
        status_reason: null,
        pending: { request_id, action: 'pull' },
      };
    }
    case 'ImageCommitted': {
      const { request_id: _r, at: _at, image_id, size, container_uuid, ...identity } = event.data;
      return {
        ...identity,
        exists: true,
        status: 'Committed',
        image_id,
        size,
        container_uuid,
        status_reason: null,
        pending: null,
      };
    }
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'ImagePulled':
      return {
        ...state,
        status: 'Pulled',
        image_id: event.data.image_id,
        size: event.data.size,
        pending: null,
      };
    case 'ImagePullFailed':
      return { ...state, status: 'Error', status_reason: event.data.reason, pending: null };
    case 'ImageDeleteRequested':
      return {
        ...state,
        status: 'Deleting',
        pending: { request_id: event.data.request_id, action: 'delete' },
      };
    case 'ImageDeleted':
      return { ...state, status: 'Deleted', pending: null };
    case 'ImageDeleteFailed':
      return { ...state, status: 'Error', status_reason: event.data.reason, pending: null };
  }
}

/** The Docker reference an image is known by on its host. */
export function imageRef(image: Pick<ImageIdentity, 'repo' | 'tag'>): string {
  return `${image.repo}:${image.tag}`;
}
