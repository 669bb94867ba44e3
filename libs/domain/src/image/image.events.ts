import type { DomainEvent } from '../shared';

/** Every image event names the request it belongs to and when it happened. */
interface RequestScoped {
  request_id: string;
  at: string;
}

interface Failure extends RequestScoped {
  reason: string;
}

/** Where an image lives and whose it is: one Docker engine, one project. */
export interface ImageIdentity {
  repo: string;
  tag: string;
  host: string;
  project_id: string;
  user_id: string;
}

/** A pull onto `host`, asked for by a user (Zun's `pull IMAGE HOST`). */
export type ImagePullRequested = DomainEvent<'ImagePullRequested', RequestScoped & ImageIdentity>;
export type ImagePulled = DomainEvent<
  'ImagePulled',
  RequestScoped & { image_id: string; size: number }
>;
export type ImagePullFailed = DomainEvent<'ImagePullFailed', Failure>;

/**
 * An image made by a container commit: written by compute beside the container's
 * ContainerCommitted, in the same transaction, so the image exists exactly when the commit did.
 */
export type ImageCommitted = DomainEvent<
  'ImageCommitted',
  RequestScoped & ImageIdentity & { image_id: string; size: number; container_uuid: string }
>;

export type ImageDeleteRequested = DomainEvent<'ImageDeleteRequested', RequestScoped>;
export type ImageDeleted = DomainEvent<'ImageDeleted', RequestScoped>;
export type ImageDeleteFailed = DomainEvent<'ImageDeleteFailed', Failure>;

export type ImageEvent =
  | ImagePullRequested
  | ImagePulled
  | ImagePullFailed
  | ImageCommitted
  | ImageDeleteRequested
  | ImageDeleted
  | ImageDeleteFailed;

/** The requests compute acts on for an image. */
export type ImageRequestEvent = ImagePullRequested | ImageDeleteRequested;

const IMAGE_EVENT_TYPES: ReadonlySet<string> = new Set<ImageEvent['type']>([
  'ImagePullRequested',
  'ImagePulled',
  'ImagePullFailed',
  'ImageCommitted',
  'ImageDeleteRequested',
  'ImageDeleted',
  'ImageDeleteFailed',
]);

export function isImageEvent<E extends DomainEvent>(event: E): event is E & ImageEvent {
  return IMAGE_EVENT_TYPES.has(event.type) && event.version === 1;
}

export const IMAGE_STREAM_PREFIX = 'image-';

export const imageStream = (uuid: string): string => `${IMAGE_STREAM_PREFIX}${uuid}`;
