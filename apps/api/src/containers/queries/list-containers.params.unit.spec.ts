import { BadRequest } from '../../errors/api-errors';
import { MAX_LIMIT, parseListContainersParams } from './list-containers.params';

describe('parseListContainersParams', () => {
  it("defaults to Zun's: own project, max_limit, sort on id ascending, no filters", () => {
    expect(parseListContainersParams({})).toEqual({
      allProjects: false,
      limit: MAX_LIMIT,
      marker: null,
      sortKey: 'id',
      sortDir: 'asc',
      filters: { text: {} },
    });
  });

  it('parses every parameter the zun CLI sends', () => {
    const params = parseListContainersParams({
      all_projects: 'True',
      limit: '5000',
      marker: 'm',
      sort_key: 'name',
      sort_dir: 'desc',
      name: ['a', 'b'],
      status: 'Running',
      memory: '512',
      auto_remove: 'False',
    });
    expect(params).toEqual({
      allProjects: true,
      limit: MAX_LIMIT,
      marker: 'm',
      sortKey: 'name',
      sortDir: 'desc',
      filters: {
        text: { name: ['a', 'b'], status: ['Running'] },
        memory: [512],
        auto_remove: false,
      },
    });
  });

  it.each([
    [{ limit: '0' }, 'Limit must be positive integer'],
    [{ limit: '-1' }, 'Limit must be positive integer'],
    [{ limit: '2.5' }, 'Limit must be positive integer'],
    [{ sort_dir: 'up' }, "Invalid sort direction: up. Acceptable values are 'asc' or 'desc'"],
    [{ sort_key: 'state' }, 'The sort_key value "state" is an invalid field for sorting'],
    [{ all_projects: 'maybe' }, "Invalid value 'maybe' for query parameter all_projects"],
    [{ memory: '1g' }, "Invalid value '1g' for query parameter memory"],
    [{ limit: ['1', '2'] }, 'it must be given once'],
    [{ foo: '1', bar: '2' }, 'Unknown parameters: foo, bar'],
  ])('refuses %j with 400', (query, message) => {
    expect(() => parseListContainersParams(query)).toThrow(BadRequest);
    expect(() => parseListContainersParams(query)).toThrow(message);
  });
});
