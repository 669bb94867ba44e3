import { GcraStorage } from './gcra-storage';

/** Storage on a clock the test moves. */
function storageAt(): { storage: GcraStorage; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { storage: new GcraStorage(() => clock.now), clock };
}

const hit = async (storage: GcraStorage, key = 'k', limit = 5, ttl = 60_000) =>
  storage.increment(key, ttl, limit, 0, 'test');

describe('GCRA rate storage', () => {
  it('lets a burst of `limit` through at once and refuses the next', async () => {
    const { storage } = storageAt();
    const records = [];
    for (let i = 0; i < 6; i++) records.push(await hit(storage));
    expect(records.map((r) => r.isBlocked)).toEqual([false, false, false, false, false, true]);
    // One request drains every 12 s (5 per 60 s): the next passes 12 s from now.
    expect(records[5].timeToBlockExpire).toBe(12);
    storage.onApplicationShutdown();
  });

  it('lets requests through again at the steady pace, not before', async () => {
    const { storage, clock } = storageAt();
    for (let i = 0; i < 5; i++) await hit(storage);
    clock.now += 11_999;
    expect((await hit(storage)).isBlocked).toBe(true);
    clock.now += 1;
    expect((await hit(storage)).isBlocked).toBe(false);
    expect((await hit(storage)).isBlocked).toBe(true);
    storage.onApplicationShutdown();
  });

  it('does not count refused requests, so a flood does not push its own retry further', async () => {
    const { storage, clock } = storageAt();
    for (let i = 0; i < 5; i++) await hit(storage);
    for (let i = 0; i < 1000; i++) await hit(storage);
    clock.now += 12_000;
    expect((await hit(storage)).isBlocked).toBe(false);
    storage.onApplicationShutdown();
  });

  it('counts each key apart', async () => {
    const { storage } = storageAt();
    for (let i = 0; i < 5; i++) await hit(storage, 'a');
    expect((await hit(storage, 'a')).isBlocked).toBe(true);
    expect((await hit(storage, 'b')).isBlocked).toBe(false);
    storage.onApplicationShutdown();
  });

  it('adds up intervals that are not whole milliseconds to exactly the window', async () => {
    const { storage } = storageAt();
    const passed = [];
    for (let i = 0; i < 8; i++) passed.push(!(await hit(storage, 'k', 7, 60_000)).isBlocked);
    expect(passed).toEqual([true, true, true, true, true, true, true, false]);
    storage.onApplicationShutdown();
  });

  it('forgets the keys that have drained', async () => {
    const { storage, clock } = storageAt();
    await hit(storage, 'old');
    clock.now += 5_000;
    await hit(storage, 'new');
    clock.now += 8_000;
    storage.sweep();
    expect(storage.size).toBe(1);
    storage.onApplicationShutdown();
  });
});
