/**
 * A compute whose last heartbeat is older than this is down (Zun's service_down_time): shown as
 * "down" and given no new containers.
 */
export const SERVICE_DOWN_AFTER_SECONDS = 60;
