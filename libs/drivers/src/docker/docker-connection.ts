import type { DockerOptions } from 'dockerode';

/**
 * Turns what an operator writes (a socket path, a `DOCKER_HOST`-style URL, or dockerode options)
 * into dockerode options, so one process can drive several engines side by side.
 */
export type DockerEndpoint = string | DockerOptions | undefined;

export function dockerOptionsOf(endpoint: DockerEndpoint): DockerOptions {
  if (endpoint === undefined) return { socketPath: '/var/run/docker.sock' };
  if (typeof endpoint !== 'string') return endpoint;
  if (endpoint.startsWith('/')) return { socketPath: endpoint };
  if (endpoint.startsWith('unix://')) return { socketPath: endpoint.slice('unix://'.length) };
  const url = new URL(endpoint.includes('://') ? endpoint : `tcp://${endpoint}`);
  const tls = url.protocol === 'https:' || url.port === '2376';
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol))
    throw new Error(`unsupported Docker endpoint "${endpoint}"`);
  return {
    host: url.hostname,
    port: url.port === '' ? (tls ? 2376 : 2375) : Number(url.port),
    protocol: tls ? 'https' : 'http',
  };
}

/** The default endpoint: `DOCKER_HOST` when set, else the local socket. */
export function defaultDockerEndpoint(): string {
  return process.env.DOCKER_HOST ?? '/var/run/docker.sock';
}
