export * from './container.row';
export * from './container-action.row';
export * from './container-action-event.row';
export * from './host.row';
export * from './image.row';
export * from './volume.row';
export * from './projection-checkpoint.row';

import { ContainerActionEventRow } from './container-action-event.row';
import { ContainerActionRow } from './container-action.row';
import { ContainerRow } from './container.row';
import { HostRow } from './host.row';
import { ImageRow } from './image.row';
import { ProjectionCheckpointRow } from './projection-checkpoint.row';
import { VolumeRow } from './volume.row';

export const READ_MODEL_ENTITIES = [
  ContainerRow,
  ContainerActionRow,
  ContainerActionEventRow,
  HostRow,
  ImageRow,
  ProjectionCheckpointRow,
  VolumeRow,
];
