import { imageStream, type ContainerCommitRequested } from '@berth/domain';
import { RuntimeError, type ContainerRuntime } from '@berth/drivers';
import type { SideEffect } from '@berth/platform';
import type { ComputeConfig } from '../../compute.config';
import { history, HOST } from '../../testing/container.fixtures';
import { handleCommit } from './change.handlers';

const IMAGE_ID = `sha256:${'a'.repeat(64)}`;
const config = { hostname: HOST } as ComputeConfig;

function committing() {
  const h = history().createRequested().created().started();
  h.requested('ContainerCommitRequested', {
    repository: 'berth/x',
    tag: 'v1',
    image_uuid: 'img-1',
  });
  const request = h.events[h.events.length - 1] as ContainerCommitRequested;
  return { state: h.present, request };
}

/** An engine whose commit and image inspect answer as told, and which records image removals. */
function engine(options: { commit?: () => Promise<string>; inspect?: () => Promise<number> }) {
  const removed: Array<[string, boolean | undefined]> = [];
  const runtime = {
    commit: options.commit ?? (() => Promise.resolve(IMAGE_ID)),
    imageInspect: async (ref: string) => ({
      id: ref,
      size: await (options.inspect ?? (() => Promise.resolve(42)))(),
      repoTags: [],
      repoDigests: [],
    }),
    removeImage: (ref: string, force?: boolean) => {
      removed.push([ref, force]);
      return Promise.resolve();
    },
  } as unknown as ContainerRuntime;
  return { runtime, removed };
}

describe('the commit handler', () => {
  it('records the new image alongside the commit once Docker has made and measured it', async () => {
    const { state, request } = committing();
    const { runtime, removed } = engine({});
    const alongside: SideEffect[] = [];
    const events = await handleCommit({ state, request, runtime, config, alongside });
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['ContainerCommitted', expect.objectContaining({ image_id: IMAGE_ID })],
    ]);
    expect(alongside).toEqual([
      {
        stream: imageStream('img-1'),
        events: [
          expect.objectContaining({
            type: 'ImageCommitted',
            data: expect.objectContaining({ repo: 'berth/x', tag: 'v1', size: 42 }),
          }),
        ],
      },
    ]);
    expect(removed).toEqual([]);
  });

  it('removes the image it made when Docker cannot then describe it, and fails', async () => {
    const { state, request } = committing();
    const { runtime, removed } = engine({
      inspect: () => Promise.reject(new RuntimeError('engine went away')),
    });
    const alongside: SideEffect[] = [];
    await expect(handleCommit({ state, request, runtime, config, alongside })).rejects.toThrow(
      'engine went away',
    );
    expect(removed).toEqual([[IMAGE_ID, true]]);
    expect(alongside).toEqual([]);
  });

  it("fails with Docker's own reason when the commit itself fails, recording no image", async () => {
    const { state, request } = committing();
    const { runtime, removed } = engine({
      commit: () =>
        Promise.reject(
          new RuntimeError('invalid reference format: repository name must be lowercase'),
        ),
    });
    const alongside: SideEffect[] = [];
    await expect(handleCommit({ state, request, runtime, config, alongside })).rejects.toThrow(
      /must be lowercase/,
    );
    // The runtime's commit leaves nothing behind when it fails; there is no id to remove here.
    expect(removed).toEqual([]);
    expect(alongside).toEqual([]);
  });
});
