import { ImageConflict, ImageNotFound, decideImage, type PullImage } from './image.decide';
import type { ImageEvent } from './image.events';
import { evolveImage, initialImageState, type ImageState } from './image.state';
import { isValidRepository, isValidTag, splitImageReference } from './image-reference';

const scope = { uuid: 'u1', request_id: 'req-1', at: '2026-01-01T00:00:00.000Z' };
const pull: PullImage = {
  type: 'PullImage',
  data: { ...scope, repo: 'busybox', tag: 'latest', host: 'h1', project_id: 'p', user_id: 'u' },
};
const fold = (events: ImageEvent[]): ImageState => events.reduce(evolveImage, initialImageState);

describe('image references (Docker rules)', () => {
  it.each([
    'busybox',
    'berth/x',
    '127.0.0.1:5000/berth-test/busybox',
    'a_b-c__d/e',
    'Reg.io/x',
    'localhost/x',
    'reg.io:5000/x',
    '[::1]:5000/x',
    'a_b/x',
  ])('accepts %s', (repo) => expect(isValidRepository(repo)).toBe(true));
  it.each([
    '',
    'Bad/UPPER',
    'a//b',
    '/a',
    'a/',
    'a:b',
    '-a',
    'x'.repeat(256),
    'a..b',
    'Upper',
    'x/a.b-C',
    'a.b/C',
  ])('refuses %s', (repo) => expect(isValidRepository(repo)).toBe(false));
  // Docker (20.10) makes the image first, then refuses these names when it tags it.
  it.each(['UPPER/x', 'LOCALHOST/x', 'Reg_io.com/x'])(
    'refuses %s, whose upper-case first component is no registry host Docker would recognise',
    (repo) => expect(isValidRepository(repo)).toBe(false),
  );
  it('checks tags', () => {
    expect(isValidTag('v1.0_rc-1')).toBe(true);
    expect(isValidTag('-bad')).toBe(false);
    expect(isValidTag('a'.repeat(129))).toBe(false);
  });
  it('splits repo[:tag] after the last slash', () => {
    expect(splitImageReference('127.0.0.1:5000/b/c')).toEqual({
      repo: '127.0.0.1:5000/b/c',
      tag: 'latest',
    });
    expect(splitImageReference('127.0.0.1:5000/b/c:v2')).toEqual({
      repo: '127.0.0.1:5000/b/c',
      tag: 'v2',
    });
  });
});

describe('the image aggregate', () => {
  it('pulls once, then deletes after the pull settled', () => {
    const requested = decideImage(initialImageState, pull);
    expect(requested).toEqual([
      { type: 'ImagePullRequested', version: 1, data: expect.objectContaining({ host: 'h1' }) },
    ]);
    const pulling = fold(requested);
    expect(() => decideImage(pulling, pull)).toThrow(ImageConflict);
    expect(() => decideImage(pulling, { type: 'DeleteImage', data: scope })).toThrow(ImageConflict);
    const pulled = evolveImage(pulling, {
      type: 'ImagePulled',
      version: 1,
      data: { request_id: 'req-1', at: scope.at, image_id: 'sha256:1', size: 10 },
    });
    expect(pulled).toMatchObject({
      status: 'Pulled',
      image_id: 'sha256:1',
      size: 10,
      pending: null,
    });
    const del = decideImage(pulled, { type: 'DeleteImage', data: { ...scope, request_id: 'r2' } });
    const deleted = [
      ...del,
      { type: 'ImageDeleted', version: 1, data: { request_id: 'r2', at: scope.at } } as ImageEvent,
    ].reduce(evolveImage, pulled);
    expect(deleted).toMatchObject({ status: 'Deleted', pending: null });
    expect(() => decideImage(deleted, { type: 'DeleteImage', data: scope })).toThrow(ImageNotFound);
  });

  it('starts committed from a container commit', () => {
    const state = fold([
      {
        type: 'ImageCommitted',
        version: 1,
        data: {
          ...pull.data,
          image_id: 'sha256:2',
          size: 5,
          container_uuid: 'c1',
        },
      },
    ]);
    expect(state).toMatchObject({ exists: true, status: 'Committed', container_uuid: 'c1' });
    expect(() => decideImage(initialImageState, { type: 'DeleteImage', data: scope })).toThrow(
      ImageNotFound,
    );
  });
});
