/** Value types of the runtime's volumes; nothing here knows about dockerode. */

/** A volume as the engine should hold it: created with these labels if absent. */
export interface VolumeSpec {
  /** The engine's name (see namedVolumeName / anonymousVolumeName). */
  name: string;
  labels: Record<string, string>;
}

export interface VolumeEnsured {
  name: string;
  /** True when this call created it; false when it was already there. */
  created: boolean;
}

/** A volume mounted into a container at an absolute path. */
export interface VolumeBinding {
  volume: string;
  destination: string;
}
