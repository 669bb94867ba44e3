import { matchesFilter, streamCategory } from './event-filter';

describe('streamCategory', () => {
  it('is the stream name up to the first dash', () => {
    expect(streamCategory('container-1a2b-3c4d')).toBe('container');
  });

  it('is the whole name when there is no dash', () => {
    expect(streamCategory('settings')).toBe('settings');
  });
});

describe('matchesFilter', () => {
  const event = { type: 'ContainerStarted', stream: 'container-42' };

  it('keeps everything without a filter or with empty lists', () => {
    expect(matchesFilter(event, undefined)).toBe(true);
    expect(matchesFilter(event, { eventTypes: [], streamCategories: [] })).toBe(true);
  });

  it('keeps an event whose type is listed and drops one whose type is not', () => {
    expect(matchesFilter(event, { eventTypes: ['ContainerStarted'] })).toBe(true);
    expect(matchesFilter(event, { eventTypes: ['ContainerStopped'] })).toBe(false);
  });

  it('matches whole categories, not prefixes', () => {
    expect(matchesFilter(event, { streamCategories: ['container'] })).toBe(true);
    expect(matchesFilter(event, { streamCategories: ['contain'] })).toBe(false);
  });

  it('needs both to match when types and categories are given', () => {
    expect(
      matchesFilter(event, { eventTypes: ['ContainerStarted'], streamCategories: ['host'] }),
    ).toBe(false);
    expect(matchesFilter(event, { eventTypes: ['Other'], streamCategories: ['container'] })).toBe(
      false,
    );
  });
});
