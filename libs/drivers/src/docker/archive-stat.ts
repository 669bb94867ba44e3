import type { PathStat } from './archive.types';

interface RawPathStat {
  name?: string;
  size?: number;
  mode?: number;
  mtime?: string;
  linkTarget?: string;
}

/** Decodes `X-Docker-Container-Path-Stat`: base64 of a JSON object. */
export function pathStatOf(header: string | string[] | undefined): PathStat {
  const value = Array.isArray(header) ? header[0] : header;
  const raw: RawPathStat = value
    ? (JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as RawPathStat)
    : {};
  return {
    name: raw.name ?? '',
    size: raw.size ?? 0,
    mode: raw.mode ?? 0,
    mtime: raw.mtime ?? '',
    linkTarget: raw.linkTarget ?? '',
  };
}
