import { ConsoleTokens } from './console-tokens';

describe('ConsoleTokens', () => {
  let now = 1_000;
  const tokens = new ConsoleTokens(60_000, () => now);
  const attach = {
    kind: 'attach' as const,
    tty: true,
    uuid: 'u1',
    host: 'h',
    user_id: 'x',
    project_id: 'p',
  };

  it('are single use', () => {
    const once = tokens.mint(attach);
    expect(tokens.take(once, 'u1', undefined)).toMatchObject(attach);
    expect(tokens.take(once, 'u1', undefined)).toBeUndefined();
  });

  it('expire after their lifetime', () => {
    const late = tokens.mint(attach);
    now += 60_000;
    expect(tokens.take(late, 'u1', undefined)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('open only the container and exec they were minted for, and are used up by a mismatch', () => {
    const exec = { ...attach, kind: 'exec' as const, execId: 'e1' };
    const wrongUuid = tokens.mint(exec);
    expect(tokens.take(wrongUuid, 'u2', 'e1')).toBeUndefined();
    expect(tokens.take(wrongUuid, 'u1', 'e1')).toBeUndefined();
    expect(tokens.take(tokens.mint(exec), 'u1', undefined)).toBeUndefined();
    expect(tokens.take(tokens.mint(exec), 'u1', 'e2')).toBeUndefined();
    expect(tokens.take(tokens.mint(attach), 'u1', 'e1')).toBeUndefined();
    expect(tokens.take(tokens.mint(exec), 'u1', 'e1')).toMatchObject({ execId: 'e1' });
  });
});
