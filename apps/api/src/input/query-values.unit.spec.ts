import { ClosedSchema } from '../errors/closed-schema';
import { ListQuery, MAX_LIMIT, pageOf } from './list-query';
import { QueryBoolean, QueryEnum, QueryInteger, QueryText, QueryTextList } from './query-values';
import { refusalOf, throughPipe } from './testing/through-pipe';

@ClosedSchema()
class Probe {
  @QueryInteger({ min: 0, max: 100 }) n?: number;
  @QueryInteger({ min: 1, max: 9 }, { required: true }) must!: number;
  @QueryBoolean() flag?: boolean;
  @QueryBoolean('strict') strict?: boolean;
  @QueryEnum(['a', 'b']) pick?: 'a' | 'b';
  @QueryText({ maxLength: 3, pattern: /^[a-z]+$/, patternText: 'lower-case letters' })
  word?: string;
  @QueryTextList() many?: string[];
}

class Things extends ListQuery(['name', 'id'] as const) {}

type Raw = Record<string, unknown>;
const base: Raw = { must: '1' };

describe('query parameters through the global pipe', () => {
  it('parses each kind into its type', async () => {
    expect(
      await throughPipe(Probe, {
        n: '007',
        must: '9',
        flag: 'Yes',
        strict: 'false',
        pick: 'b',
        word: 'abc',
        many: ['x', 'y'],
      }),
    ).toEqual(
      Object.assign(new Probe(), {
        n: 7,
        must: 9,
        flag: true,
        strict: false,
        pick: 'b',
        word: 'abc',
        many: ['x', 'y'],
      }),
    );
  });

  it('reads an empty optional value as not given', async () => {
    expect((await throughPipe(Probe, { ...base, n: '', flag: '' })).n).toBeUndefined();
  });

  it('takes a repeatable filter given once as a list of one', async () => {
    expect((await throughPipe(Probe, { ...base, many: 'x' })).many).toEqual(['x']);
  });

  it.each<[string, Raw, string]>([
    [
      '1.5',
      { n: '1.5' },
      "Invalid input for query parameter n: expected a whole number from 0 to 100, got '1.5'.",
    ],
    ['1e3', { n: '1e3' }, 'query parameter n: expected a whole number'],
    ['a leading blank', { n: ' 3' }, 'query parameter n'],
    ['a plus sign', { n: '+3' }, 'query parameter n'],
    ['hexadecimal', { n: '0x10' }, 'query parameter n'],
    ['a negative number', { n: '-1' }, 'query parameter n'],
    ['a number past the bound', { n: '101' }, 'query parameter n'],
    ['seventeen digits', { n: '1'.repeat(17) }, 'query parameter n'],
    [
      'a value given twice',
      { n: ['1', '2'] },
      'Invalid input for query parameter n: it must be given once.',
    ],
    [
      'a missing required value',
      { must: undefined },
      'Invalid input for query parameter must: it is required.',
    ],
    ['an empty required value', { must: '' }, 'query parameter must: it is required'],
    [
      'a boolean it cannot read',
      { flag: 'maybe' },
      "query parameter flag: expected True or False (or true, 1, yes, on; false, 0, no, off), got 'maybe'",
    ],
    ['a boolean in mixed case', { flag: 'tRuE' }, 'query parameter flag'],
    [
      'a strict boolean spelt 1',
      { strict: '1' },
      "query parameter strict: expected True or False (or true, false), got '1'",
    ],
    ['a value off the enum', { pick: 'c' }, "query parameter pick: expected one of a, b, got 'c'"],
    [
      'a text too long',
      { word: 'abcd' },
      'query parameter word: expected at most 3 characters, got 4',
    ],
    [
      'a text off its pattern',
      { word: 'AB' },
      "query parameter word: expected lower-case letters, got 'AB'",
    ],
    ['an unknown parameter', { other: '1' }, 'Unknown parameters: other'],
    ['a parameter named constructor', { constructor: 'x' }, 'Unknown parameters: constructor'],
    ['a parameter named __proto__', { ['__proto__']: ['x'] }, 'Unknown parameters: __proto__'],
  ])('refuses %s', async (_why, raw, message) => {
    expect(await refusalOf(Probe, { ...base, ...raw })).toContain(message);
  });

  it('names every offending parameter in one message', async () => {
    expect(await refusalOf(Probe, { n: 'x', pick: 'z', color: 'red' })).toMatch(
      /^Unknown parameters: color Invalid input for query parameter n: .* Invalid input for query parameter must: .* Invalid input for query parameter pick: /,
    );
  });
});

describe('the paging every list takes', () => {
  it("defaults to Zun's: max_limit, the collection's sort key, ascending, from the start", async () => {
    expect(pageOf(await throughPipe(Things, {}), { sortKey: 'id' })).toEqual({
      limit: MAX_LIMIT,
      marker: null,
      sortKey: 'id',
      sortDir: 'asc',
    });
  });

  it('caps a larger limit rather than refusing it, as Zun does', async () => {
    const page = pageOf(await throughPipe(Things, { limit: '5000', sort_dir: 'desc' }), {
      sortKey: 'id',
    });
    expect(page).toMatchObject({ limit: MAX_LIMIT, sortDir: 'desc' });
    expect(pageOf(await throughPipe(Things, {}), { sortKey: 'id', limit: 100 }).limit).toBe(100);
  });

  it.each<[Raw, string]>([
    [{ limit: '0' }, "query parameter limit: expected a positive whole number, got '0'"],
    [{ limit: '-1' }, 'query parameter limit'],
    [{ limit: '2.5' }, 'query parameter limit'],
    [
      { sort_key: 'evil;drop' },
      "query parameter sort_key: expected one of name, id, got 'evil;drop'",
    ],
    [
      { sort_dir: 'sideways' },
      "query parameter sort_dir: expected one of asc, desc, got 'sideways'",
    ],
    [{ marker: 'm'.repeat(256) }, 'query parameter marker: expected at most 255 characters'],
    [{ page: '2' }, 'Unknown parameters: page'],
  ])('refuses %j', async (raw, message) => {
    expect(await refusalOf(Things, raw)).toContain(message);
  });
});
