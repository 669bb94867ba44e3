import type { Readable } from 'node:stream';

/** Docker's `X-Docker-Container-Path-Stat`, decoded. */
export interface PathStat {
  name: string;
  size: number;
  /** Go os.FileMode bits, as Docker sends them (directory flag is 1 << 31). */
  mode: number;
  mtime: string;
  linkTarget: string;
}

export interface ArchiveResult {
  /**
   * The tar, as the engine sends it: read it to the end or destroy it, which closes the engine's
   * connection. Never buffered whole by the runtime.
   */
  tar: Readable;
  stat: PathStat;
}

export interface ResourceUpdate {
  /** Number of CPUs, may be fractional. */
  cpu?: number;
  /** MiB. */
  memory?: number;
}
