import { ApiConfig } from '../../config/api-config';
import { RequestContext } from '../../request-context';
import { TooManyWatches, WatchSlots } from './watch-slots';

const config = new ApiConfig({
  host: '127.0.0.1',
  port: 0,
  publicUrl: 'http://127.0.0.1:0',
  databaseUrl: 'postgres://unused',
  stateDir: '/nonexistent',
  streams: { watchesPerProject: 3, watchesPerUser: 2 },
});

const caller = (user: string, project: string): RequestContext =>
  new RequestContext({
    request_id: 'req-1',
    user_id: user,
    user_name: user,
    project_id: project,
    project_name: project,
    roles: ['member'],
    auth_token: null,
  });

describe('WatchSlots', () => {
  it('refuses a user past its own cap with a 429 that says when to retry', () => {
    const slots = new WatchSlots(config);
    slots.take(caller('u1', 'p1'));
    slots.take(caller('u1', 'p1'));
    let refusal: unknown;
    try {
      slots.take(caller('u1', 'p1'));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(TooManyWatches);
    expect(refusal).toMatchObject({ status: 429, retryAfterSeconds: 30 });
    // Another user of the project still has room, up to the project's cap.
    slots.take(caller('u2', 'p1'));
    expect(() => slots.take(caller('u3', 'p1'))).toThrow(/for this project \(at most 3\)/);
    // Another project is not affected.
    expect(() => slots.take(caller('u4', 'p2'))).not.toThrow();
  });

  it('gives a slot back once, however often its release runs', () => {
    const slots = new WatchSlots(config);
    const release = slots.take(caller('u1', 'p1'));
    slots.take(caller('u1', 'p1'));
    release();
    release();
    expect(slots.openFor('p1')).toBe(1);
    slots.take(caller('u1', 'p1'));
    expect(() => slots.take(caller('u1', 'p1'))).toThrow(TooManyWatches);
  });
});
