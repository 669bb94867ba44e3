import type Dockerode from 'dockerode';
import type { IncomingMessage } from 'node:http';
import type { ArchiveResult, ResourceUpdate } from './archive.types';
import { pathStatOf } from './archive-stat';
import { bytesOfMiB, nanoCpusOf } from './create-options';
import { withDockerErrors } from './runtime.errors';
import type { ContainerStatsResult, LogOptions, TopResult } from './runtime.types';
import { zunStatsOf } from './stats';
import { collect, outputText } from './stream-demux';

/** Zun asks for both streams when the user names neither. */
function streamsWanted(o: LogOptions): { stdout: boolean; stderr: boolean } {
  if (o.stdout === undefined && o.stderr === undefined) return { stdout: true, stderr: true };
  return { stdout: o.stdout ?? false, stderr: o.stderr ?? false };
}

export async function readLogs(container: Dockerode.Container, o: LogOptions): Promise<string> {
  const info = await withDockerErrors(() => container.inspect());
  const data = await withDockerErrors(() =>
    container.logs({
      ...streamsWanted(o),
      follow: false,
      timestamps: o.timestamps ?? false,
      since: o.since,
      // Docker's own default is every line; it has no spelling for "all" in a number.
      tail: o.tail === undefined || o.tail === 'all' ? undefined : o.tail,
    }),
  );
  return outputText(data, info.Config.Tty);
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
  return { data: await collect(response), stat };
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
