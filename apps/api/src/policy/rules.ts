/**
 * Every policy rule Berth knows, by Zun's name, with its default check string. A policy file
 * (BERTH_POLICY_FILE) replaces defaults rule by rule, as Zun's policy.yaml does.
 *
 * Zun's defaults let any caller scoped to the project do anything `admin_or_owner` allows. Berth
 * has Keystone's reader role too, so every rule that changes something defaults to
 * `admin_or_member` instead: the owner must also hold `member`. Reads stay `admin_or_owner`, and
 * the admin-only rules are Zun's.
 */

/** The rules other rules are written in (`rule:admin_api`); Zun's four, plus Berth's one. */
export const BASE_RULES = {
  context_is_admin: 'role:admin',
  admin_or_owner: 'is_admin:True or project_id:%(project_id)s',
  admin_api: 'rule:context_is_admin',
  deny_everybody: '!',
  /** Berth's: a write by the owning project needs the member role (readers read only). */
  admin_or_member: 'is_admin:True or (role:member and project_id:%(project_id)s)',
} as const;

const READ = 'rule:admin_or_owner';
const WRITE = 'rule:admin_or_member';
const ADMIN = 'rule:admin_api';

/** A rule's default and what it guards. */
export interface RuleDefault {
  readonly check: string;
  readonly description: string;
  /** False for Zun rules whose routes Berth does not serve: accepted in a file, never checked. */
  readonly served: boolean;
}

const served = (check: string, description: string): RuleDefault => ({
  check,
  description,
  served: true,
});
const unserved = (check: string, description: string): RuleDefault => ({
  check,
  description,
  served: false,
});

export const API_RULES = {
  // Containers (Zun's container.py).
  'container:create': served(WRITE, 'POST /v1/containers'),
  'container:create:runtime': served(ADMIN, 'create choosing `runtime`'),
  'container:create:privileged': served(
    'rule:deny_everybody',
    'create with `privileged: true` (BERTH_PRIVILEGED_CONTAINERS=admin makes it admin_api)',
  ),
  'container:create:requested_destination': served(ADMIN, 'create choosing `host`'),
  'container:create:image_pull_policy': served(ADMIN, 'create choosing `image_pull_policy`'),
  'container:delete': served(WRITE, 'DELETE /v1/containers/{id}'),
  'container:delete_all_projects': served(ADMIN, 'delete with `all_projects`'),
  'container:delete_force': served(ADMIN, 'delete with `force=True`'),
  'container:get_one': served(READ, 'GET /v1/containers/{id}; GraphQL `container`'),
  'container:get_one:host': served(
    ADMIN,
    'see compute host names (views, events, audit, volumes); filter lists by host',
  ),
  'container:get_one:image_pull_policy': served(ADMIN, 'see `image_pull_policy`'),
  'container:get_one:privileged': served(ADMIN, 'see `privileged`'),
  'container:get_one:runtime': served(ADMIN, 'see `runtime`'),
  'container:get_one_all_projects': served(
    ADMIN,
    'name a container of any project with `all_projects`',
  ),
  'container:get_all': served(READ, 'GET /v1/containers; GraphQL `containers`'),
  'container:get_all_all_projects': served(
    ADMIN,
    'list every project (`all_projects`, GraphQL `projectId`)',
  ),
  'container:update': served(WRITE, 'PATCH /v1/containers/{id}'),
  'container:start': served(WRITE, 'POST .../start'),
  'container:stop': served(WRITE, 'POST .../stop; delete with `stop=True` of a running one'),
  'container:reboot': served(WRITE, 'POST .../reboot'),
  'container:pause': served(WRITE, 'POST .../pause'),
  'container:unpause': served(WRITE, 'POST .../unpause'),
  'container:logs': served(READ, 'GET .../logs'),
  'container:execute': served(WRITE, 'POST .../execute (and its console token)'),
  'container:execute_resize': served(WRITE, 'POST .../execute_resize'),
  'container:kill': served(WRITE, 'POST .../kill'),
  'container:rename': served(WRITE, 'POST .../rename (up to 1.13)'),
  'container:attach': served(WRITE, 'GET .../attach (the console token)'),
  'container:resize': served(WRITE, 'POST .../resize'),
  'container:top': served(READ, 'GET .../top'),
  'container:get_archive': served(READ, 'GET .../get_archive'),
  'container:put_archive': served(WRITE, 'POST .../put_archive'),
  'container:stats': served(READ, 'GET .../stats'),
  'container:commit': served(WRITE, 'POST .../commit'),
  'container:add_security_group': unserved(WRITE, 'POST .../add_security_group'),
  'container:network_detach': served(WRITE, 'POST .../network_detach'),
  'container:network_attach': served(WRITE, 'POST .../network_attach'),
  'container:remove_security_group': unserved(WRITE, 'POST .../remove_security_group'),
  'container:rebuild': served(WRITE, 'POST .../rebuild'),
  'container:resize_container': unserved(WRITE, 'POST .../resize_container'),
  // Zun's container_action.py.
  'container:actions': served(READ, 'GET .../container_actions[/{request_id}]'),
  'container:action:events': served(ADMIN, "see a step's traceback in action-show"),
  // Berth's own container routes.
  'container:network_list': served(READ, 'GET .../network_list'),
  'container:watch': served(READ, 'GET .../watch'),
  'container:events': served(READ, 'GET .../events'),
  'container:state': served(READ, 'GET .../state'),
  'events:stream': served(READ, "GET /v1/events/stream (the caller's project)"),
  'events:stream:all_projects': served(ADMIN, 'GET /v1/events/stream?all_projects=true'),
  // Images (image.py).
  'image:pull': served(ADMIN, 'POST /v1/images'),
  'image:get_all': served(ADMIN, 'GET /v1/images; GraphQL `images`'),
  'image:get_one': served(ADMIN, 'GET /v1/images/{id}'),
  'image:search': unserved(READ, 'GET /v1/images/{image}/search'),
  'image:delete': served(ADMIN, 'DELETE /v1/images/{id}'),
  // Hosts, services, zones (host.py, zun_service.py, availability_zone.py).
  'host:get_all': served(ADMIN, 'GET /v1/hosts; GraphQL `hosts`'),
  'host:get': served(ADMIN, 'GET /v1/hosts/{id}'),
  'zun-service:delete': served(ADMIN, 'DELETE /v1/services'),
  'zun-service:disable': served(ADMIN, 'PUT /v1/services/disable'),
  'zun-service:enable': served(ADMIN, 'PUT /v1/services/enable'),
  'zun-service:force_down': served(ADMIN, 'PUT /v1/services/force_down'),
  'zun-service:get_all': served(ADMIN, 'GET /v1/services'),
  'availability_zones:get_all': served(READ, 'GET /v1/availability_zones'),
  // Quotas (quota.py, quota_class.py).
  'quota:update': served(ADMIN, 'PUT /v1/quotas/{project}'),
  'quota:delete': served(ADMIN, 'DELETE /v1/quotas/{project}'),
  'quota:get': served(READ, 'GET /v1/quotas/{project}; GraphQL `quota`'),
  'quota:get_default': served(READ, 'GET /v1/quotas/{project}/defaults'),
  'quota_class:update': served(ADMIN, 'PUT /v1/quota_classes/{name}'),
  // Zun's default is admin_or_owner; Berth kept quota classes for admins before this table and
  // keeps that (a file can set Zun's: "quota_class:get": "rule:admin_or_owner").
  'quota_class:get': served(ADMIN, 'GET /v1/quota_classes/{name}'),
  // Zun routes Berth does not serve (network.py, capsule.py, registry.py).
  'network:attach_external_network': unserved('role:admin', 'a network of another project'),
  'network:create': unserved('role:admin', 'POST /v1/networks'),
  'network:delete': unserved('role:admin', 'DELETE /v1/networks/{id}'),
  'capsule:create': unserved(WRITE, 'POST /v1/capsules'),
  'capsule:delete': unserved(WRITE, 'DELETE /v1/capsules/{id}'),
  'capsule:delete_all_projects': unserved(ADMIN, 'delete with `all_projects`'),
  'capsule:get': unserved(READ, 'GET /v1/capsules/{id}'),
  'capsule:get:host': unserved(ADMIN, "see a capsule's host"),
  'capsule:get_one_all_projects': unserved(ADMIN, 'show with `all_projects`'),
  'capsule:get_all': unserved(READ, 'GET /v1/capsules'),
  'capsule:get_all_all_projects': unserved(ADMIN, 'list with `all_projects`'),
  'registry:create': unserved(WRITE, 'POST /v1/registries'),
  'registry:delete': unserved(WRITE, 'DELETE /v1/registries/{id}'),
  'registry:get_one': unserved(READ, 'GET /v1/registries/{id}'),
  'registry:get_all': unserved(READ, 'GET /v1/registries'),
  'registry:get_all_all_projects': unserved(ADMIN, 'list with `all_projects`'),
  'registry:update': unserved(WRITE, 'PATCH /v1/registries/{id}'),
  // Berth's own routes.
  'audit:actions:get_all': served(READ, 'GET /v1/audit/actions[.ndjson]; GraphQL `auditActions`'),
  'audit:actions:get_all_projects': served(ADMIN, 'the audit of every project, or of another'),
  'volume:get_all': served(READ, 'GET /v1/volumes'),
  'volume:get_all_all_projects': served(ADMIN, 'list volumes with `all_projects`'),
  // Keystone's names for the identity routes Berth serves.
  'identity:validate_token': served('@', 'GET /identity/v3/auth/tokens (any valid token)'),
  'identity:create_project': served(ADMIN, 'POST /identity/v3/projects'),
  'identity:create_user': served(ADMIN, 'POST /identity/v3/users'),
  'identity:create_grant': served(ADMIN, 'PUT /identity/v3/projects/{p}/users/{u}/roles/{r}'),
  'identity:revoke_token': served(
    'rule:admin_api or user_id:%(user_id)s',
    "DELETE /identity/v3/auth/tokens (an admin, or the token's own user)",
  ),
  'identity:list_projects': served(ADMIN, 'GET /identity/v3/projects'),
  'identity:get_project': served(
    'rule:admin_api or project_id:%(project_id)s',
    'GET /identity/v3/projects/{id} (an admin, or a token scoped to it; others get a 404)',
  ),
  'identity:delete_project': served(ADMIN, 'DELETE /identity/v3/projects/{id}'),
  'identity:list_users': served(ADMIN, 'GET /identity/v3/users'),
  'identity:get_user': served(
    'rule:admin_api or user_id:%(user_id)s',
    'GET /identity/v3/users/{id} (an admin, or the user itself; others get a 404)',
  ),
  'identity:update_user': served(ADMIN, 'PATCH /identity/v3/users/{id} (disable, new password)'),
  'identity:delete_user': served(ADMIN, 'DELETE /identity/v3/users/{id}'),
  // Berth's three roles are fixed and not secret: any caller may read them.
  'identity:list_roles': served('@', 'GET /identity/v3/roles'),
  'identity:get_role': served('@', 'GET /identity/v3/roles/{id}'),
  'identity:revoke_grant': served(ADMIN, 'DELETE /identity/v3/projects/{p}/users/{u}/roles/{r}'),
  'identity:list_role_assignments': served(
    'rule:admin_api or user_id:%(user_id)s',
    'GET /identity/v3/role_assignments (an admin, or a user filtering on itself)',
  ),
  // Keystone's names for routes Berth does not serve; a policy file may still set them.
  'identity:update_project': unserved(ADMIN, 'PATCH /identity/v3/projects/{id}'),
  'identity:list_grants': unserved(ADMIN, 'GET /identity/v3/projects/{p}/users/{u}/roles'),
  'identity:check_grant': unserved(ADMIN, 'HEAD /identity/v3/projects/{p}/users/{u}/roles/{r}'),
} as const satisfies Readonly<Record<string, RuleDefault>>;

/** A rule a route or a check names. */
export type RuleName = keyof typeof API_RULES;
export type BaseRuleName = keyof typeof BASE_RULES;

export const RULE_NAMES = Object.keys(API_RULES) as RuleName[];
export const BASE_RULE_NAMES = Object.keys(BASE_RULES) as BaseRuleName[];

export function isRuleName(name: string): name is RuleName {
  return Object.hasOwn(API_RULES, name);
}

/** Every rule's default check string, base rules included: the table a file overrides. */
export function defaultCheckStrings(): Record<string, string> {
  const out: Record<string, string> = { ...BASE_RULES };
  for (const name of RULE_NAMES) out[name] = API_RULES[name].check;
  return out;
}

/**
 * The rule a lookup's `all_projects` needs, by the route's rule: Zun's delete checks
 * `container:delete_all_projects`, every other container route `container:get_one_all_projects`.
 */
export function allProjectsRuleOf(rule: RuleName | null): RuleName {
  return rule === 'container:delete'
    ? 'container:delete_all_projects'
    : 'container:get_one_all_projects';
}
