import { BadRequest } from '../errors/api-errors';
import { subscriptionOf } from './events-namespace';

describe("an /events socket's subscription", () => {
  it('starts at the log start for the own project when only a token is given', () => {
    expect(subscriptionOf({ token: 't' })).toEqual({ all_projects: false });
  });

  it('reads a resume position, all_projects and a container', () => {
    expect(subscriptionOf({ token: 't', after: '12:3', all_projects: true })).toEqual({
      after: { commit: 12n, prepare: 3n },
      all_projects: true,
    });
    expect(subscriptionOf({ container: 'web' })).toEqual({
      all_projects: false,
      container: 'web',
    });
  });

  it.each([
    ['a position that is not one', { after: '12' }],
    ['a position as a number', { after: 12 }],
    ['all_projects as a string', { all_projects: 'true' }],
    ['an empty container', { container: '' }],
    ['a container name too long', { container: 'x'.repeat(256) }],
    ['an unknown field', { since: '0:0' }],
    ['both all_projects and a container', { all_projects: true, container: 'web' }],
  ])('refuses %s with a 400', (_what, auth) => {
    expect(() => subscriptionOf(auth)).toThrow(BadRequest);
  });
});
