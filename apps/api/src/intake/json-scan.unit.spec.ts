import { MAX_JSON_DEPTH, MAX_OBJECT_KEYS, scanJsonText } from './json-scan';

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

describe('the keys of each object in a JSON body', () => {
  const object = (keys: number): string =>
    `{${Array.from({ length: keys }, (_, i) => `"k${i}":{"a":1,"b":[1,2]}`).join(',')}}`;

  it('are counted per object, nested objects apart', () => {
    expect(scanJsonText(object(MAX_OBJECT_KEYS))).toBeNull();
    expect(scanJsonText(object(MAX_OBJECT_KEYS + 1))).toEqual({
      kind: 'too-many-keys',
      maxKeys: MAX_OBJECT_KEYS,
    });
    expect(scanJsonText(`[${Array.from({ length: 5 }, () => object(900)).join(',')}]`)).toBeNull();
  });

  it('are not confused by colons inside strings or in arrays', () => {
    expect(scanJsonText('{"a:b":"c:d:e","f":["g:h"]}', 32, 2)).toBeNull();
    expect(scanJsonText('{"a":1,"b":2,"c":3}', 32, 2)).toEqual({
      kind: 'too-many-keys',
      maxKeys: 2,
    });
  });
});
