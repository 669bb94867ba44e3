import { MAX_BODY_KEYS, MAX_JSON_DEPTH, scanJsonText } from './json-scan';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('the scan of a JSON body before it is parsed', () => {
  it('passes a body nested exactly to the limit and refuses one level more', () => {
    expect(scanJsonText(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(scanJsonText(nested(MAX_JSON_DEPTH + 1))).toEqual({
      kind: 'too-deep',
      maxDepth: MAX_JSON_DEPTH,
    });
  });

  it('counts objects and arrays alike, and siblings do not add up', () => {
    const siblings = `[${Array.from({ length: 1000 }, () => '{"a":[1]}').join(',')}]`;
    expect(scanJsonText(siblings, 3)).toBeNull();
    expect(scanJsonText('{"a":{"b":[{"c":1}]}}', 3)).toEqual({ kind: 'too-deep', maxDepth: 3 });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(scanJsonText(`{"k":"${'['.repeat(500)}"}`, 2)).toBeNull();
    expect(scanJsonText(`{"k":"a\\"[[[[[[","l":"\\\\"}`, 2)).toBeNull();
  });

  it('judges a 100,000-deep body in one loop, without a stack to overflow', () => {
    const started = process.hrtime.bigint();
    expect(scanJsonText('['.repeat(100_000))?.kind).toBe('too-deep');
    expect(scanJsonText('{"a":'.repeat(100_000))?.kind).toBe('too-deep');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1_000);
  });

  it('finds a NUL escaped as \\u0000 or sent raw, but not an escaped backslash before u0000', () => {
    expect(scanJsonText('{"image":"busy\\u0000box"}')).toEqual({ kind: 'nul' });
    expect(scanJsonText('{"a\\u0000":"b"}')).toEqual({ kind: 'nul' });
    expect(scanJsonText('{"image":"busy\u0000box"}')).toEqual({ kind: 'nul' });
    expect(scanJsonText('{"path":"C:\\\\u0000"}')).toBeNull();
    expect(scanJsonText('{"a":"\\u00001"}')).toEqual({ kind: 'nul' });
    expect(scanJsonText('{"a":"\\u0001"}')).toBeNull();
  });
});

describe('the keys of a JSON body', () => {
  const objects = (count: number, keys: number): string =>
    `[${Array.from(
      { length: count },
      (_, o) => `{${Array.from({ length: keys }, (_, i) => `"k${o}_${i}":[1,2]`).join(',')}}`,
    ).join(',')}]`;

  it('are counted over the whole body, one object or many', () => {
    expect(scanJsonText(objects(1, MAX_BODY_KEYS))).toBeNull();
    expect(scanJsonText(objects(4, MAX_BODY_KEYS / 4))).toBeNull();
    for (const text of [objects(1, MAX_BODY_KEYS + 1), objects(MAX_BODY_KEYS + 1, 1)]) {
      expect(scanJsonText(text)).toEqual({ kind: 'too-many-keys', maxKeys: MAX_BODY_KEYS });
    }
  });

  it('are not confused by colons inside strings, escaped quotes included', () => {
    expect(scanJsonText('{"a:b":"c:d:e","f":["g:h"],"i":"\\":"}', 32, 3)).toBeNull();
    expect(scanJsonText('{"a":1,"b":2,"c":3}', 32, 2)).toEqual({
      kind: 'too-many-keys',
      maxKeys: 2,
    });
  });
});
