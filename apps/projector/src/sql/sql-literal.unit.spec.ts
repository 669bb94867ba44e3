import { inlineParams, sqlLiteral } from './sql-literal';

describe('SQL literals for statements sent without bound parameters', () => {
  it('quotes text, doubling quotes and escaping backslashes', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('a\\b')).toBe(" E'a\\\\b'");
  });

  it('writes null, booleans, numbers, bigints and dates as PostgreSQL reads them', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral(true)).toBe('true');
    expect(sqlLiteral(2.5)).toBe("'2.5'");
    expect(sqlLiteral(12n)).toBe("'12'");
    expect(sqlLiteral(new Date('2026-01-02T03:04:05.678Z'))).toBe("'2026-01-02T03:04:05.678Z'");
  });

  it('writes a text array with every element quoted', () => {
    expect(sqlLiteral(['a', 'b,c', 'NULL'])).toBe(`'{"a","b,c","NULL"}'`);
    // Quotes inside an element are backslash-escaped, so the literal becomes an E'' string.
    expect(sqlLiteral(['say "hi"'])).toBe(` E'{"say \\\\"hi\\\\""}'`);
  });

  it('refuses values it cannot write faithfully', () => {
    expect(() => sqlLiteral(Number.NaN)).toThrow(TypeError);
    expect(() => sqlLiteral({ a: 1 })).toThrow(TypeError);
  });

  it('replaces each placeholder by its own parameter, $10 included', () => {
    const params = Array.from({ length: 10 }, (_, i) => `p${i + 1}`);
    expect(inlineParams('SELECT $1, $10, $2::jsonb', params)).toBe(
      "SELECT 'p1', 'p10', 'p2'::jsonb",
    );
    expect(() => inlineParams('SELECT $3', ['x'])).toThrow(RangeError);
  });
});
