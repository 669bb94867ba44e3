import { CONTAINER_ACTION_SPECS, withoutHostFields, type ContainerActionName } from '@berth/domain';
import type { RuleName } from '../policy/rules';

/**
 * What policy keeps from callers, by the rule that shows it (in the one rule table,
 * policy/rules.ts). By Zun's defaults every one is `admin_api`: a member or reader sees none of
 * them, an admin all.
 */
export const DISCLOSURE_RULES = {
  /** The compute host: a container's `host`, and every host an event or a request names. */
  host: 'container:get_one:host',
  image_pull_policy: 'container:get_one:image_pull_policy',
  privileged: 'container:get_one:privileged',
  runtime: 'container:get_one:runtime',
  /** The traceback of an action's step (Zun's container_actions events). */
  traceback: 'container:action:events',
} as const satisfies Readonly<Record<string, RuleName>>;

export type DisclosedField = keyof typeof DISCLOSURE_RULES;

const FIELDS = Object.keys(DISCLOSURE_RULES) as DisclosedField[];

/** The container view's keys that are themselves disclosed fields. */
const CONTAINER_KEYS = ['host', 'image_pull_policy', 'privileged', 'runtime'] as const;
type ContainerKey = (typeof CONTAINER_KEYS)[number];

/**
 * What a caller sees of a view: REST (container show and list, watch, `/state`, `/events`,
 * action-show, the audit, volumes) and GraphQL ask it rather than testing for the admin role
 * themselves, so they cannot disagree. Built per request by PolicyEnforcer.disclosure(ctx).
 */
export class Disclosure {
  /**
   * The container view's keys this caller may not see: the view leaves them out (absent, as in
   * Zun's view). A list, computed once, so a page of a thousand containers costs no copies.
   */
  readonly hiddenContainerKeys: readonly ContainerKey[];

  private constructor(private readonly shown: ReadonlySet<DisclosedField>) {
    this.hiddenContainerKeys = CONTAINER_KEYS.filter((key) => !shown.has(key));
  }

  /** Shows `fields` and hides the rest; PolicyEnforcer.disclosure(ctx) decides which. */
  static showing(fields: Iterable<DisclosedField>): Disclosure {
    return new Disclosure(new Set(fields));
  }

  /** Everything: Berth's own use (a view nobody outside reads), and tests. */
  static readonly everything = new Disclosure(new Set(FIELDS));

  /** Nothing policy guards: what a member or reader sees. */
  static readonly nothing = new Disclosure(new Set());

  shows(field: DisclosedField): boolean {
    return this.shown.has(field);
  }

  /**
   * The data of a container event of `type` (or the parameters of a request of that type, which
   * share its root) as this caller may read it: without the hosts it names.
   */
  eventData(type: string, data: object): object {
    return this.shows('host') ? data : withoutHostFields(type, data);
  }

  /** The parameters of a container action's request (the audit's `params`), as eventData. */
  requestParams(action: string, params: object): object {
    if (this.shows('host') || !Object.hasOwn(CONTAINER_ACTION_SPECS, action)) return params;
    return this.eventData(CONTAINER_ACTION_SPECS[action as ContainerActionName].requested, params);
  }

  /** A step's traceback, or null as Zun shows it to callers without `container:action:events`. */
  traceback(traceback: string | null): string | null {
    return this.shows('traceback') ? traceback : null;
  }

  /** A host named on its own (a volume's), or undefined when the caller may not see it. */
  host(host: string): string | undefined {
    return this.shows('host') ? host : undefined;
  }
}
