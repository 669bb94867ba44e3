/**
 * A Zun API microversion (`1.14`). Comparable, immutable; parse once at the edge and pass the
 * value object around, so no handler compares version strings ("1.9" > "1.14" as text).
 */
export class MicroVersion {
  private constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  static of(major: number, minor: number): MicroVersion {
    return new MicroVersion(major, minor);
  }

  /** `"1.14"` → 1.14; returns null for anything that is not `<int>.<int>`. */
  static tryParse(text: string): MicroVersion | null {
    const m = /^(\d{1,4})\.(\d{1,4})$/.exec(text.trim());
    return m === null ? null : new MicroVersion(Number(m[1]), Number(m[2]));
  }

  /** Like tryParse but throws: for version literals in code (decorators, constants). */
  static parse(text: string): MicroVersion {
    const v = MicroVersion.tryParse(text);
    if (v === null) throw new Error(`not a microversion: '${text}'`);
    return v;
  }

  compare(other: MicroVersion | string): number {
    const o = typeof other === 'string' ? MicroVersion.parse(other) : other;
    return this.major !== o.major ? this.major - o.major : this.minor - o.minor;
  }

  /** `version.isAtLeast('1.20')`: the usual question a handler asks. */
  isAtLeast(other: MicroVersion | string): boolean {
    return this.compare(other) >= 0;
  }

  isAtMost(other: MicroVersion | string): boolean {
    return this.compare(other) <= 0;
  }

  equals(other: MicroVersion | string): boolean {
    return this.compare(other) === 0;
  }

  /** Inclusive range check; an omitted bound is open. */
  matches(min?: MicroVersion, max?: MicroVersion): boolean {
    return (min === undefined || this.isAtLeast(min)) && (max === undefined || this.isAtMost(max));
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }

  /** The header value form: `container 1.14`. */
  toHeader(): string {
    return `${SERVICE_TYPE} ${this.toString()}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** The service type token in `OpenStack-API-Version: container 1.14`. */
export const SERVICE_TYPE = 'container';
/** Zun's BASE_VER: the oldest version served and the one a request without the header gets. */
export const MIN_API_VERSION = MicroVersion.of(1, 1);
/** Zun's CURRENT_MAX_VER (1.40, "entrypoint"): what `latest` means. */
export const MAX_API_VERSION = MicroVersion.of(1, 40);
export const DEFAULT_API_VERSION = MIN_API_VERSION;
