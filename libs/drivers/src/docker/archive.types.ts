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
  /** A tar stream, fully buffered. */
  data: Buffer;
  stat: PathStat;
}

export interface ResourceUpdate {
  /** Number of CPUs, may be fractional. */
  cpu?: number;
  /** MiB. */
  memory?: number;
}
