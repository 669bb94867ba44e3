import { nextPageLink } from './keyset';
import { ListQuery, SortedQuery, pageOf } from './list-query';
import { refusalOf, throughPipe } from './testing/through-pipe';

class Ordered extends SortedQuery(['start_time'] as const) {}
class Listed extends ListQuery(['name'] as const) {}

describe('the shared sorting and paging query DTOs', () => {
  it('reads the order and the marker of a listing that has no page size', async () => {
    const query = await throughPipe(Ordered, { sort_dir: 'desc', marker: 'm1' });
    expect(pageOf(query, { sortKey: 'start_time' })).toMatchObject({
      marker: 'm1',
      sortKey: 'start_time',
      sortDir: 'desc',
    });
  });

  it('refuses a limit where the listing has no page size', async () => {
    expect(await refusalOf(Ordered, { limit: '5' })).toBe('Unknown parameters: limit');
  });

  it('reads an empty marker as the start, as Zun does', async () => {
    expect(pageOf(await throughPipe(Listed, { marker: '' }), { sortKey: 'name' }).marker).toBe(
      null,
    );
  });

  it('gives a list the sorted listing parameters plus a limit, with the same wording', async () => {
    expect(await throughPipe(Listed, { limit: '3', sort_key: 'name' })).toMatchObject({
      limit: 3,
      sort_key: 'name',
    });
    expect(await refusalOf(Listed, { sort_dir: 'up' })).toBe(
      "Invalid input for query parameter sort_dir: expected one of asc, desc, got 'up'.",
    );
    expect(await refusalOf(Ordered, { sort_dir: 'up' })).toBe(
      "Invalid input for query parameter sort_dir: expected one of asc, desc, got 'up'.",
    );
  });

  it('applies a collection default direction, limit and cap', async () => {
    const defaults = { sortKey: 'name' as const, sortDir: 'desc' as const, limit: 100 };
    expect(pageOf(await throughPipe(Listed, {}), defaults)).toEqual({
      limit: 100,
      marker: null,
      sortKey: 'name',
      sortDir: 'desc',
    });
    expect(
      pageOf(await throughPipe(Listed, { limit: '50' }), { ...defaults, maxLimit: 20 }).limit,
    ).toBe(20);
  });
});

describe('the next page link', () => {
  it("writes Zun's order: sort key, direction, the filters carried over, limit, marker", () => {
    const page = { sortKey: 'name', sortDir: 'asc' as const, limit: 2 };
    expect(nextPageLink('http://b/v1/things', page, [['name', 'a b&c']], 'u-1')).toBe(
      'http://b/v1/things?sort_key=name&sort_dir=asc&name=a%20b%26c&limit=2&marker=u-1',
    );
  });

  it('leaves the limit out of a listing that has none', () => {
    const page = { sortKey: 'start_time', sortDir: 'desc' as const, limit: null };
    expect(nextPageLink('http://b/x', page, [], 'm')).toBe(
      'http://b/x?sort_key=start_time&sort_dir=desc&marker=m',
    );
  });
});
