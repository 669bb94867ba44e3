import type Dockerode from 'dockerode';
import type { ImageInfo, ImageRef } from './image.types';
import { parseImageRef } from './image-ref';
import { PullCoordinator } from './pull-coordinator';
import {
  withDockerErrors,
  RuntimeError,
  RuntimeImageNotFoundError,
  statusOf,
  translateDockerError,
} from './runtime.errors';
import type { ImagePullPolicy, RegistryAuth } from './runtime.types';
import { collect } from './stream-demux';

interface PullProgress {
  error?: string;
  errorDetail?: { message?: string };
}

/** Docker reports most pull failures inside a 200 response, as a line with an `error` field. */
function pullFailureIn(body: Buffer): string | undefined {
  for (const line of body.toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const progress = JSON.parse(line) as PullProgress;
    if (progress.error !== undefined) return progress.errorDetail?.message ?? progress.error;
  }
  return undefined;
}

const NOT_FOUND = /not found|manifest unknown|does not exist|no such image|pull access denied/i;

/** Image operations of one engine, with concurrent pulls of the same ref joined. */
export class DockerImages {
  private readonly pulls = new PullCoordinator();

  constructor(private readonly engine: Dockerode) {}

  async ensure(reference: string, policy: ImagePullPolicy, auth?: RegistryAuth): Promise<string> {
    const ref = parseImageRef(reference);
    if (policy !== 'always') {
      const present = await this.idIfPresent(ref);
      if (present !== undefined) return present;
      if (policy === 'never')
        throw new RuntimeImageNotFoundError(
          `image "${ref.canonical}" is not present on this host and the pull policy is "never"`,
          404,
        );
    }
    return this.pulls.pull(ref.canonical, () => this.pull(ref, auth));
  }

  async inspect(reference: string): Promise<ImageInfo> {
    const ref = parseImageRef(reference);
    const info = await withDockerErrors(
      () => this.engine.getImage(ref.canonical).inspect(),
      'image',
    );
    return {
      id: info.Id,
      size: info.Size,
      repoTags: info.RepoTags ?? [],
      repoDigests: info.RepoDigests ?? [],
    };
  }

  async remove(reference: string, force = false): Promise<void> {
    // Ids are not references; only parse what looks like a name.
    const name = /^sha256:[0-9a-f]{64}$/.test(reference)
      ? reference
      : parseImageRef(reference).canonical;
    try {
      await this.engine.getImage(name).remove({ force });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw translateDockerError(err, 'image');
    }
  }

  private async idIfPresent(ref: ImageRef): Promise<string | undefined> {
    try {
      return (await this.engine.getImage(ref.canonical).inspect()).Id;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw translateDockerError(err, 'image');
    }
  }

  private async pull(ref: ImageRef, auth?: RegistryAuth): Promise<string> {
    const authconfig = auth && {
      username: auth.username,
      password: auth.password,
      serveraddress: auth.serverAddress ?? ref.registry ?? 'https://index.docker.io/v1/',
    };
    const body = await withDockerErrors(async () => {
      const stream = await this.engine.createImage(authconfig, {
        fromImage: ref.name,
        // Docker's API takes a digest in the tag parameter.
        tag: ref.digest ?? ref.tag,
      });
      return collect(stream);
    }, 'image');
    const failure = pullFailureIn(body);
    if (failure !== undefined) {
      const message = `pull of "${ref.canonical}" failed: ${failure}`;
      throw NOT_FOUND.test(failure)
        ? new RuntimeImageNotFoundError(message, 404)
        : new RuntimeError(message);
    }
    const id = await this.idIfPresent(ref);
    if (id === undefined)
      throw new RuntimeImageNotFoundError(`pull of "${ref.canonical}" left no image`, 404);
    return id;
  }
}
