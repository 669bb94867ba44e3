/** A setting in the environment that Berth cannot use; the message names the variable. */
export class ConfigError extends Error {}
