import { parentPort, workerData } from 'node:worker_threads';
import { runHostileClients, type HostileKind } from '../support/hostile-clients';

/** What bench/hostile/main.ts hands the worker that plays the hostile clients. */
export interface HostileWorkerData {
  url: string;
  headers: Record<string, string>;
  kinds: HostileKind[];
  slowIntervalMs: number;
}

/**
 * The hostile clients, on their own thread: streaming 5 MB bodies takes CPU, and on the API's
 * event loop that CPU would be counted against the API. They stop when the main thread says so
 * and post what they got back.
 */
const data = workerData as HostileWorkerData;
let stopped = false;
parentPort?.on('message', () => {
  stopped = true;
});
void runHostileClients(data.url, data.kinds, data.headers, () => stopped, data.slowIntervalMs).then(
  (results) => parentPort?.postMessage(results),
);
