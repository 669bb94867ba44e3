import type { UpcastStep } from './stored-event';

/**
 * `ContainerStopRequested` version 0 is the legacy shape written before the API let the caller
 * choose a timeout: it had no `timeout`, and compute always gave Docker 10 seconds (Zun's default
 * for `zun stop`). Version 1 carries the timeout explicitly, so v0 reads as v1 with timeout 10.
 */
export const LEGACY_STOP_TIMEOUT_SECONDS = 10;

export const stopRequestedV0ToV1: UpcastStep = {
  type: 'ContainerStopRequested',
  from: 0,
  upcast: (data: object): object =>
    'timeout' in data ? data : { ...data, timeout: LEGACY_STOP_TIMEOUT_SECONDS },
};
