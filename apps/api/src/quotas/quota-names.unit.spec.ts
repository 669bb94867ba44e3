import { projectIdOf, quotaClassOf } from './quota-names';

describe('the names a quota route takes in its path', () => {
  it('takes a project id and a class name', () => {
    expect(projectIdOf('0123abcd-ef')).toBe('0123abcd-ef');
    expect(quotaClassOf('default')).toBe('default');
  });

  it.each(['', 'a b', 'a/b', 'x'.repeat(256), 'proj\u0000'])('refuses %j with a 400', (name) => {
    expect(() => projectIdOf(name)).toThrow(/Invalid project id/);
    expect(() => quotaClassOf(name)).toThrow(/Invalid quota class name/);
  });
});
