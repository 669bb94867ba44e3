import type Dockerode from 'dockerode';
import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import type { ArchiveResult, ResourceUpdate } from './archive.types';
import { pathStatOf } from './archive-stat';
import { bytesOfMiB, nanoCpusOf } from './create-options';
import { withDockerErrors } from './runtime.errors';
import type { ContainerStatsResult, LogOptions, TopResult } from './runtime.types';
import { zunStatsOf } from './stats';
import { demuxStream } from './stream-demux';

/** Zun asks for both streams when the user names neither. */
function streamsWanted(o: LogOptions): { stdout: boolean; stderr: boolean } {
  if (o.stdout === undefined && o.stderr === undefined) return { stdout: true, stderr: true };
  return { stdout: o.stdout ?? false, stderr: o.stderr ?? false };
}

/**
 * Opens the log as a stream. dockerode buffers a logs response whole unless it follows, so the
 * request is dialled here with the same query and `isStream`; the engine's refusals (404, 500)
 * still arrive as errors before any byte.
 */
export async function openLogs(
  modem: Dockerode['modem'],
  container: Dockerode.Container,
  o: LogOptions,
): Promise<Readable> {
  const info = await withDockerErrors(() => container.inspect());
  const response = await withDockerErrors(() =>
    dialStream(modem, `/containers/${container.id}/logs?`, {
      ...streamsWanted(o),
      follow: o.follow ?? false,
      timestamps: o.timestamps ?? false,
      since: o.since,
      // Docker's own default is every line; it has no spelling for "all" in a number.
      tail: o.tail === undefined || o.tail === 'all' ? undefined : o.tail,
    }),
  );
  if (info.Config.Tty) return response;
  const demuxed = demuxStream();
  // An error on either side destroys both, so the reader sees the failure and the engine's
  // connection is closed when the reader gives up.
  pipeline(response, demuxed, () => undefined);
  return demuxed;
}

function dialStream(
  modem: Dockerode['modem'],
  path: string,
  query: Record<string, unknown>,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    modem.dial(
      {
        path,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: query,
      },
      (err, result) => (err ? reject(err) : resolve(result as IncomingMessage)),
    );
  });
}

export async function readTop(container: Dockerode.Container, psArgs?: string): Promise<TopResult> {
  const raw: unknown = await withDockerErrors(() =>
    container.top(psArgs !== undefined ? { ps_args: psArgs } : {}),
  );
  const top = raw as Partial<TopResult>;
  return { Titles: top.Titles ?? [], Processes: top.Processes ?? [] };
}

export async function readStats(container: Dockerode.Container): Promise<ContainerStatsResult> {
  // stream=false makes Docker wait for a second sample, so precpu_stats is real and CPU % means something.
  const sample = await withDockerErrors(() => container.stats({ stream: false }));
  return zunStatsOf(sample);
}

export async function readArchive(
  container: Dockerode.Container,
  path: string,
): Promise<ArchiveResult> {
  const response = (await withDockerErrors(() =>
    container.getArchive({ path }),
  )) as IncomingMessage;
  const stat = pathStatOf(response.headers['x-docker-container-path-stat']);
  return { tar: response, stat };
}

export async function writeArchive(
  container: Dockerode.Container,
  path: string,
  tar: Buffer,
): Promise<void> {
  await withDockerErrors(() => container.putArchive(tar, { path }));
}

/**
 * Docker keeps MemorySwap at twice Memory when only Memory was given, and refuses a Memory above
 * the current MemorySwap; setting both keeps that default and lets the limit move either way.
 */
export async function updateResources(
  container: Dockerode.Container,
  r: ResourceUpdate,
): Promise<void> {
  const body: Record<string, number> = {};
  if (r.cpu !== undefined) body.NanoCpus = nanoCpusOf(r.cpu);
  if (r.memory !== undefined) {
    body.Memory = bytesOfMiB(r.memory);
    body.MemorySwap = body.Memory * 2;
  }
  if (Object.keys(body).length === 0) return;
  await withDockerErrors(() => container.update(body));
}

/**
 * Commits untagged, then names the image. Docker (20.10) makes the image before it checks the name
 * it was given, and a name it refuses then fails the call with the image left behind, untagged,
 * its id never told. In two steps the id is known, so an image that cannot be named is removed:
 * a failed commit leaves no image.
 */
export async function commitContainer(
  engine: Dockerode,
  container: Dockerode.Container,
  repository: string,
  tag = 'latest',
): Promise<string> {
  const raw: unknown = await withDockerErrors(() => container.commit({}));
  const id = (raw as { Id: string }).Id;
  try {
    await withDockerErrors(() => engine.getImage(id).tag({ repo: repository, tag }), 'image');
  } catch (error) {
    // Only this commit's image, which nothing else names or uses yet; the naming error is the one
    // the user needs, so a failed removal does not replace it.
    await engine
      .getImage(id)
      .remove()
      .catch(() => undefined);
    throw error;
  }
  return id;
}
