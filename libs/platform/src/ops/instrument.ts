import { WrongExpectedVersionError, type ContainerRuntime } from '@berth/drivers';
import type { PostgresEventStore } from '@berth/drivers';
import { dockerCallDuration, eventAppendDuration } from './metrics';

/** Times `append` and `appendMany` on this store instance; every caller keeps the same object. */
export function timeEventAppends(store: PostgresEventStore): PostgresEventStore {
  const append = store.append.bind(store);
  const appendMany = store.appendMany.bind(store);
  store.append = (...args) => timed(append(...args));
  store.appendMany = (...args) => timed(appendMany(...args));
  return store;
}

async function timed<T>(work: Promise<T>): Promise<T> {
  const stop = eventAppendDuration.startTimer();
  try {
    const result = await work;
    stop({ outcome: 'ok' });
    return result;
  } catch (error) {
    stop({ outcome: error instanceof WrongExpectedVersionError ? 'conflict' : 'error' });
    throw error;
  }
}

/**
 * The runtime with each asynchronous call timed under its method name: a fixed set of
 * operations (create, start, pull, exec, …), so the label stays bounded. Streams a call returns
 * are timed to the moment they are handed over, not while the client reads them.
 */
export function timeRuntimeCalls<R extends ContainerRuntime>(runtime: R): R {
  return new Proxy(runtime, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const stop = dockerCallDuration.startTimer({ operation: property });
        return result.then(
          (settled: unknown) => {
            stop({ outcome: 'ok' });
            return settled;
          },
          (error: unknown) => {
            stop({ outcome: 'error' });
            throw error;
          },
        );
      };
    },
  });
}
