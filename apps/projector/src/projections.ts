import { ActionsProjection } from './actions/actions.projection';
import { ContainersProjection } from './containers/containers.projection';
import { HostsProjection } from './hosts/hosts.projection';
import { ImagesProjection } from './images/images.projection';
import type { Projection } from './runner/projection';
import { VolumesProjection } from './volumes/volumes.projection';

/** The read model's projections, in the order the live runner and a rebuild both apply them. */
export function readModelProjections(): Projection[] {
  return [
    new ContainersProjection(),
    new ActionsProjection(),
    new HostsProjection(),
    new ImagesProjection(),
    new VolumesProjection(),
  ];
}
