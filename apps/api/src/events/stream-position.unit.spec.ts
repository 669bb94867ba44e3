import { Refusal } from '../input';
import { BadRequest } from '../errors/api-errors';
import { resumePosition, streamPositionOf } from './stream-position';

describe('a stream position', () => {
  it('reads commit:prepare as two bigints', () => {
    expect(streamPositionOf('1234:56')).toEqual({ commit: 1234n, prepare: 56n });
    expect(streamPositionOf('0:0')).toEqual({ commit: 0n, prepare: 0n });
  });

  it('accepts the largest value PostgreSQL can compare and refuses one past it', () => {
    const max = (2n ** 63n - 1n).toString();
    expect(streamPositionOf(`${max}:${max}`)).toEqual({
      commit: 2n ** 63n - 1n,
      prepare: 2n ** 63n - 1n,
    });
    expect(streamPositionOf(`${2n ** 63n}:0`)).toBeInstanceOf(Refusal);
    expect(streamPositionOf(`0:${'9'.repeat(40)}`)).toBeInstanceOf(Refusal);
  });

  it.each(['', '12', 'a:b', '1:-2', '1:2:3', ' 1:2', '1.0:2', '0x1:2'])('refuses %p', (text) => {
    expect(streamPositionOf(text)).toBeInstanceOf(Refusal);
  });
});

describe('where a stream resumes', () => {
  const after = { commit: 5n, prepare: 6n };

  it('starts at the log start when nothing is given', () => {
    expect(resumePosition(undefined, undefined)).toEqual({ commit: 0n, prepare: 0n });
  });

  it('starts after the query position without a Last-Event-ID', () => {
    expect(resumePosition(after, undefined)).toBe(after);
  });

  it('prefers Last-Event-ID, which a reconnecting EventSource adds to its first URL', () => {
    expect(resumePosition(after, '9:10')).toEqual({ commit: 9n, prepare: 10n });
  });

  it('refuses a Last-Event-ID that is not a position with a 400', () => {
    expect(() => resumePosition(after, 'x')).toThrow(BadRequest);
    expect(() => resumePosition(undefined, ['1:2', '3:4'])).toThrow(BadRequest);
  });
});
