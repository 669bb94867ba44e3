import { zunTimestamp } from './zun-timestamp';

describe('a timestamp as Zun prints it', () => {
  it('is the UTC date and time to the second, with a space and no zone', () => {
    expect(zunTimestamp('2025-01-02T03:04:05.678Z')).toBe('2025-01-02 03:04:05');
    expect(zunTimestamp('2025-01-02T03:04:05Z')).toBe('2025-01-02 03:04:05');
  });

  it('turns an instant with an offset into UTC first', () => {
    expect(zunTimestamp('2025-01-02T03:04:05+02:00')).toBe('2025-01-02 01:04:05');
  });

  it('leaves what is not a date as it is', () => {
    expect(zunTimestamp('not a date')).toBe('not a date');
  });
});
