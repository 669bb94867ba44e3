/** One error type for every process' configuration: declared with the variables in the platform. */
export { ConfigError } from '@berth/platform/config/config-error';
