import { copyText } from './copy-in';

describe('copyText, one value in COPY text format', () => {
  it('writes null and undefined as \\N', () => {
    expect(copyText(null, false)).toBe('\\N');
    expect(copyText(undefined, true)).toBe('\\N');
  });

  it('escapes backslashes, tabs and line breaks in text', () => {
    expect(copyText('a\tb\nc\rd\\e', false)).toBe('a\\tb\\nc\\rd\\\\e');
  });

  it('leaves text without special characters as it is', () => {
    expect(copyText('héllo "world" \\N?', false)).toBe('héllo "world" \\\\N?');
    expect(copyText('plain', false)).toBe('plain');
  });

  it('writes a json column as JSON, escaped for COPY', () => {
    expect(copyText({ cmd: 'echo "a\tb"', n: 1 }, true)).toBe(
      '{"cmd":"echo \\\\"a\\\\tb\\\\"","n":1}',
    );
    expect(copyText('text', true)).toBe('"text"');
  });

  it('writes dates as ISO instants, and numbers and booleans as JSON would', () => {
    expect(copyText(new Date('2025-01-01T00:00:00.250Z'), false)).toBe('2025-01-01T00:00:00.250Z');
    expect(copyText(0.5, false)).toBe('0.5');
    expect(copyText(Number.NaN, false)).toBe('\\N');
    expect(copyText(false, false)).toBe('false');
  });
});
