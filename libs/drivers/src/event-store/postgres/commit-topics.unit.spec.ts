import { testEvent } from '../contract/fixtures';
import { decodeTopics, encodeTopics, mayMatch, mergeTopics, topicsOf } from './commit-topics';

const committed = (commit: bigint) => ({
  nextRevision: 0n,
  position: { commit, prepare: commit * 10n },
});

const topics = topicsOf(
  [
    { stream: 'container-1', events: [testEvent('ContainerCreated')], expectedRevision: 0n },
    { stream: 'host-a', events: [testEvent('CapacityClaimed')], expectedRevision: 'any' },
  ],
  [committed(41n), committed(40n)],
);

describe('commit topics', () => {
  it('lists the categories, event types and latest transaction of the appends that committed', () => {
    expect([...topics.categories]).toEqual(['container', 'host']);
    expect([...topics.types]).toEqual(['ContainerCreated', 'CapacityClaimed']);
    expect(topics.lastCommit).toBe(41n);
  });

  it('may match a filter when one of its types and one of its categories were committed', () => {
    expect(mayMatch(topics, { streamCategories: ['host'] })).toBe(true);
    expect(mayMatch(topics, { eventTypes: ['ContainerCreated', 'X'] })).toBe(true);
    expect(mayMatch(topics, { eventTypes: ['CapacityClaimed'], streamCategories: ['host'] })).toBe(
      true,
    );
    expect(mayMatch(topics, undefined)).toBe(true);
    expect(mayMatch(topics, {})).toBe(true);
  });

  it('cannot match a filter none of whose types or none of whose categories were committed', () => {
    expect(mayMatch(topics, { streamCategories: ['project'] })).toBe(false);
    expect(mayMatch(topics, { eventTypes: ['ContainerCreateAttemptFailed'] })).toBe(false);
    expect(
      mayMatch(topics, {
        eventTypes: ['ContainerCreateRequested'],
        streamCategories: ['container'],
      }),
    ).toBe(false);
  });

  it('matches every filter when the commits are unknown', () => {
    expect(mayMatch(undefined, { streamCategories: ['project'] })).toBe(true);
  });

  it('merges the topics of commits announced together', () => {
    const merged = topicsOf(
      [{ stream: 'project-p', events: [testEvent('QuotaClaimed')], expectedRevision: 'any' }],
      [committed(7n)],
    );
    mergeTopics(merged, topics);
    expect(merged.lastCommit).toBe(41n);
    expect(mayMatch(merged, { streamCategories: ['project'] })).toBe(true);
    expect(mayMatch(merged, { eventTypes: ['CapacityClaimed'] })).toBe(true);
  });

  it('round-trips through a NOTIFY payload of its own schema only', () => {
    const payload = encodeTopics('berth_events', topics);
    expect(decodeTopics('berth_events', payload)).toEqual(topics);
    expect(decodeTopics('other_schema', payload)).toBeNull();
  });

  it('reads a payload naming only the schema (an older announcer) as a wake-up for all', () => {
    expect(decodeTopics('berth_events', 'berth_events')).toBeUndefined();
    expect(decodeTopics('berth_events', 'other_schema')).toBeNull();
    expect(decodeTopics('berth_events', '[not json')).toBeNull();
  });

  it('names only the schema when the topics would not fit in a NOTIFY', () => {
    const many = topicsOf(
      Array.from({ length: 400 }, (_, i) => ({
        stream: `category${i}-x`,
        events: [testEvent(`Type${i}`)],
        expectedRevision: 'any' as const,
      })),
      [committed(1n)],
    );
    expect(encodeTopics('berth_events', many)).toBe('berth_events');
  });
});
