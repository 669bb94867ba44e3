import { refusalOf, throughPipe } from '../input/testing/through-pipe';
import { PullImageDto } from './pull-image.dto';

type Raw = Record<string, unknown>;

describe('the image pull body', () => {
  it('splits repo[:tag] as zun pull sends it', async () => {
    expect(
      await throughPipe(PullImageDto, { repo: '127.0.0.1:5000/b/c:v2', host: 'h1' }, 'body'),
    ).toMatchObject({ repo: { repo: '127.0.0.1:5000/b/c', tag: 'v2' }, host: 'h1' });
  });

  it.each<[string, Raw, string]>([
    ['no repo', { host: 'h1' }, 'field/attribute repo: it is required'],
    ['a one-letter repo', { repo: 'a', host: 'h1' }, 'repo: expected 2 to 255 characters'],
    ['a repo of punctuation', { repo: '!!', host: 'h1' }, 'is not an image Docker can pull'],
    [
      'a digest',
      { repo: `b@sha256:${'a'.repeat(64)}`, host: 'h1' },
      'is not an image Docker can pull',
    ],
    ['no host', { repo: 'busybox' }, 'field/attribute host: it is required'],
    ['a host with a blank', { repo: 'busybox', host: 'a b' }, 'host: expected a host name'],
    ['a host that is a number', { repo: 'busybox', host: 7 }, 'host: expected a string'],
    ['a size to record', { repo: 'busybox', host: 'h1', size: 1 }, "('size' was unexpected)"],
  ])('refuses %s', async (_why, raw, message) => {
    expect(await refusalOf(PullImageDto, raw, 'body')).toContain(message);
  });
});
