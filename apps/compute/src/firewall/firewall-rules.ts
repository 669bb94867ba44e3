/**
 * The iptables rules Berth owns (filter table, IPv4), as argument lists. Pure: TenantFirewall
 * runs them. Two chains:
 *
 * - `BERTH-HOST`, jumped to first from INPUT: a tenant container reaches no service of the host
 *   itself, on any of its addresses (the bridge gateways, the host's own IPs): not the Docker
 *   API, PostgreSQL, Berth's ports or anything else listening. Replies to what the host started
 *   (a published port's proxy, an exec) still flow: only new connections are refused.
 * - `BERTH-ISOLATION`, jumped to first from FORWARD and from Docker's DOCKER-USER (which Docker
 *   keeps ahead of its own rules): nothing outside a project's bridge starts a connection into
 *   it: not another project's bridge, not Docker's `bridge`, not another engine's bridges on the
 *   same machine. Containers on one bridge reach each other: that traffic is accepted outright,
 *   as Docker's own rules would, so it also flows on an engine run with `--iptables=false`
 *   (which adds no rules of its own, while the machine's FORWARD policy may be DROP).
 *
 * Each rule is self-contained (no RETURN before a DROP, and the two rules of a bridge in
 * BERTH-ISOLATION match disjoint traffic), so rules added by several computes at once, in any
 * order, mean the same. REJECT rather than DROP: a refused connection fails at once instead of
 * hanging until the client gives up.
 *
 * Docker's embedded DNS (127.0.0.11) answers inside the container's own network namespace, so
 * name resolution between a project's containers keeps working.
 */
export const HOST_CHAIN = 'BERTH-HOST';
export const ISOLATION_CHAIN = 'BERTH-ISOLATION';

/** Docker's chain for operators' rules, evaluated before Docker's own in FORWARD. */
export const DOCKER_USER_CHAIN = 'DOCKER-USER';

const REJECT = ['-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited'];
const NOT_A_REPLY = ['-m', 'conntrack', '!', '--ctstate', 'ESTABLISHED,RELATED'];

/** Where each chain is jumped to from: the built-in chain, then the jump itself. */
export interface Hook {
  from: string;
  chain: string;
}

export function hooksOf(dockerUserExists: boolean): Hook[] {
  return [
    { from: 'INPUT', chain: HOST_CHAIN },
    { from: 'FORWARD', chain: ISOLATION_CHAIN },
    ...(dockerUserExists ? [{ from: DOCKER_USER_CHAIN, chain: ISOLATION_CHAIN }] : []),
  ];
}

/** The rule's match and target, without the chain (`-C`, `-A` and `-D` put it in front). */
export interface ChainRule {
  chain: string;
  spec: string[];
}

/**
 * The rules that wall one project bridge off from the host and from everything else, and let
 * its own containers talk.
 */
export function bridgeRules(bridge: string): ChainRule[] {
  assertInterfaceName(bridge);
  return [
    { chain: HOST_CHAIN, spec: ['-i', bridge, ...NOT_A_REPLY, ...REJECT] },
    { chain: ISOLATION_CHAIN, spec: ['-o', bridge, '!', '-i', bridge, ...NOT_A_REPLY, ...REJECT] },
    { chain: ISOLATION_CHAIN, spec: ['-i', bridge, '-o', bridge, '-j', 'ACCEPT'] },
  ];
}

/** Linux interface names: at most 15 characters, none of them space, `/` or `:`. */
const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

export function assertInterfaceName(name: string): void {
  if (!INTERFACE_NAME.test(name)) throw new Error(`not an interface name: '${name}'`);
}

/**
 * The rules of one of Berth's chains as `iptables -S CHAIN` prints them (`-A CHAIN -i br-x ...`),
 * with the bridge each names; lines that are not rules (`-N CHAIN`) are skipped.
 */
export function rulesListed(chain: string, listing: string): Array<ChainRule & { bridge: string }> {
  const rules: Array<ChainRule & { bridge: string }> = [];
  for (const line of listing.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== '-A' || words[1] !== chain) continue;
    const spec = words.slice(2);
    const at = spec.findIndex((w, i) => (w === '-i' || w === '-o') && spec[i - 1] !== '!');
    if (at < 0 || at + 1 >= spec.length) continue;
    rules.push({ chain, spec, bridge: spec[at + 1] });
  }
  return rules;
}
