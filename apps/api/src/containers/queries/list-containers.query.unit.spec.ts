import { throughPipe } from '../../input/testing/through-pipe';
import {
  ListContainersQuery,
  containerFiltersOf,
  toListContainersParams,
} from './list-containers.query';

describe('the container list query', () => {
  it("reads Zun's paging, all_projects and every filter kind", async () => {
    const query = await throughPipe(ListContainersQuery, {
      limit: '5',
      sort_key: 'name',
      all_projects: 'True',
      name: ['a', 'b'],
      memory: '512',
      auto_remove: 'false',
    });
    expect(toListContainersParams(query)).toEqual({
      allProjects: true,
      limit: 5,
      marker: null,
      sortKey: 'name',
      sortDir: 'asc',
      filters: { text: { name: ['a', 'b'] }, memory: [512], auto_remove: false },
    });
  });
});

describe('the container filters, as REST and GraphQL both read them', () => {
  it('keeps the given filters and drops the null ones', () => {
    expect(containerFiltersOf({ name: ['a'], host: null, auto_remove: null })).toEqual({
      text: { name: ['a'] },
    });
  });

  it('reads the same text filters whichever API names them', () => {
    expect(containerFiltersOf({ status: ['Running'], project_id: ['p1'] }).text).toEqual({
      status: ['Running'],
      project_id: ['p1'],
    });
  });
});
