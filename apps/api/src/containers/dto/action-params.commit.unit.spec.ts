import { BadRequest } from '../../errors';
import { commitTarget } from './action-params';

describe('the repository and tag of a commit', () => {
  it('takes the repository and tag the CLI sends apart', () => {
    expect(commitTarget('berth/x', '1')).toEqual({ repository: 'berth/x', tag: '1' });
    expect(commitTarget('127.0.0.1:5000/berth/x', '')).toEqual({
      repository: '127.0.0.1:5000/berth/x',
      tag: 'latest',
    });
  });

  it('splits a bare reference after its last slash', () => {
    expect(commitTarget('127.0.0.1:5000/berth/x:v2', undefined)).toEqual({
      repository: '127.0.0.1:5000/berth/x',
      tag: 'v2',
    });
  });

  // Docker refuses these only after it has made the image, which it then leaves untagged.
  it.each<[string, string | undefined]>([
    ['UPPER/x', '1'],
    ['UPPER/x:1', undefined],
    ['berth/X', '1'],
    ['a..b', '1'],
    ['LOCALHOST/x', undefined],
  ])('refuses the repository %s (tag %s) with a 400 before anything is asked of Docker', (r, t) => {
    expect(() => commitTarget(r, t)).toThrow(BadRequest);
    expect(() => commitTarget(r, t)).toThrow(/query parameter repository/);
  });

  it.each(['-bad', '.x', 'a'.repeat(129), 'x y'])('refuses the tag %s with a 400', (tag) => {
    expect(() => commitTarget('berth/x', tag)).toThrow(/query parameter tag/);
  });

  it('refuses a commit without a repository', () => {
    expect(() => commitTarget(undefined, '1')).toThrow(BadRequest);
  });
});
