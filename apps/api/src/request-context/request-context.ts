import type { RuleName } from '../policy/rules';

/** The roles Berth's identity knows; Keystone's default role set. */
export type RoleName = 'admin' | 'member' | 'reader';

/**
 * Who is asking, in the snake_case shape of oslo.context so it can be copied into event metadata
 * and action-log rows as is. Immutable: handlers read it, only the auth guard builds it.
 */
export class RequestContext {
  /** Made by Berth for this request: it names the action the request records. */
  readonly request_id: string;
  /** The caller's own well-formed `X-Openstack-Request-Id`, kept as metadata only. */
  readonly global_request_id: string | null;
  readonly user_id: string | null;
  readonly user_name: string | null;
  readonly project_id: string | null;
  readonly project_name: string | null;
  readonly roles: readonly string[];
  readonly is_admin: boolean;
  readonly auth_token: string | null;
  /**
   * The policy rule of the route (or GraphQL query) that was handed this context, which
   * `PolicyEnforcer.authorize` checks again on the resource once it is loaded; null outside one.
   */
  readonly rule: RuleName | null;

  constructor(fields: {
    request_id: string;
    global_request_id?: string | null;
    user_id: string | null;
    user_name: string | null;
    project_id: string | null;
    project_name: string | null;
    roles: readonly string[];
    auth_token: string | null;
    rule?: RuleName | null;
  }) {
    this.request_id = fields.request_id;
    this.global_request_id = fields.global_request_id ?? null;
    this.user_id = fields.user_id;
    this.user_name = fields.user_name;
    this.project_id = fields.project_id;
    this.project_name = fields.project_name;
    this.roles = Object.freeze([...fields.roles]);
    // Keystone's default policy: the admin role makes the caller a cloud admin.
    this.is_admin = this.roles.includes('admin');
    this.auth_token = fields.auth_token;
    this.rule = fields.rule ?? null;
  }

  /** The same caller, handed to a route whose rule is `rule` (see `@Ctx()`). */
  withRule(rule: RuleName | null): RequestContext {
    return rule === this.rule ? this : new RequestContext({ ...this, rule });
  }

  /** The context of a request on a public route (versions, token issue): nobody in particular. */
  static anonymous(requestId: string, globalRequestId: string | null = null): RequestContext {
    return new RequestContext({
      request_id: requestId,
      global_request_id: globalRequestId,
      user_id: null,
      user_name: null,
      project_id: null,
      project_name: null,
      roles: [],
      auth_token: null,
    });
  }

  get isAuthenticated(): boolean {
    return this.user_id !== null;
  }
}
