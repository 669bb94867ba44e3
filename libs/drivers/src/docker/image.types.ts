/** Images as the runtime reports them. */

export interface ImageRef {
  /** Registry host[:port], undefined for Docker Hub. */
  registry: string | undefined;
  /** Repository path without registry, e.g. "berth-test/busybox" or "busybox". */
  repository: string;
  /** Undefined only when a digest pins the image. */
  tag: string | undefined;
  digest: string | undefined;
  /** Registry + repository, as Docker's `fromImage` wants it. */
  name: string;
  /** Normal form used as the local lookup key and the pull-dedupe key. */
  canonical: string;
}

export interface ImageInfo {
  id: string;
  size: number;
  repoTags: string[];
  repoDigests: string[];
}
