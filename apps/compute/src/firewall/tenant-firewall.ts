import { access } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import type { NetworkBridge } from '@berth/drivers';
import {
  DOCKER_USER_CHAIN,
  HOST_CHAIN,
  ISOLATION_CHAIN,
  bridgeRules,
  hooksOf,
  rulesListed,
  type ChainRule,
} from './firewall-rules';
import type { Iptables } from './iptables';

/** Where a bridge interface shows while it exists; a rule naming one that does not is stale. */
const interfaceExists = (name: string): Promise<boolean> =>
  access(`/sys/class/net/${name}`).then(
    () => true,
    () => false,
  );

/**
 * Berth's own iptables rules on the machine of a local Docker engine (see firewall-rules.ts):
 * installed when compute starts, for each project network before a container joins it, and
 * checked again on every sync. Idempotent: each rule is checked (`-C`) before it is added, so
 * several computes on one machine (two engines) and restarts add nothing twice. Rules another
 * compute owns are left alone; only rules naming a bridge that no longer exists are removed.
 */
export class TenantFirewall {
  private readonly logger = new Logger(TenantFirewall.name);
  /** Bridges whose rules this process has seen in place. */
  private readonly guarded = new Set<string>();
  private readonly guarding = new Map<string, Promise<void>>();

  constructor(
    private readonly iptables: Iptables,
    private readonly exists: (bridge: string) => Promise<boolean> = interfaceExists,
  ) {}

  /** The chains and their hooks, then the rules of every bridge given; stale rules pruned. */
  async start(bridges: readonly NetworkBridge[]): Promise<void> {
    await this.ensureChains();
    await this.prune();
    for (const bridge of bridges) await this.ensureBridge(bridge.bridge);
    this.logger.log(`tenant firewall in place for ${bridges.length} project network(s)`);
  }

  /** Before a container joins a project network: its bridge's rules, checked once per process. */
  guard({ bridge }: NetworkBridge): Promise<void> {
    if (bridge === '' || this.guarded.has(bridge)) return Promise.resolve();
    const running = this.guarding.get(bridge);
    if (running) return running;
    const done = this.ensureBridge(bridge).finally(() => this.guarding.delete(bridge));
    this.guarding.set(bridge, done);
    return done;
  }

  /** Everything checked again, cache or not: rules someone flushed come back. */
  async sync(bridges: readonly NetworkBridge[]): Promise<void> {
    this.guarded.clear();
    await this.start(bridges);
  }

  private async ensureChains(): Promise<void> {
    for (const chain of [HOST_CHAIN, ISOLATION_CHAIN]) {
      if ((await this.iptables(['-S', chain])).ok) continue;
      const made = await this.iptables(['-N', chain]);
      // Another compute on this machine made it meanwhile: as good.
      if (!made.ok && !/exists/i.test(made.stderr)) {
        throw new Error(`iptables could not create chain ${chain}: ${made.stderr.trim()}`);
      }
    }
    const dockerUser = (await this.iptables(['-S', DOCKER_USER_CHAIN])).ok;
    for (const hook of hooksOf(dockerUser)) {
      if ((await this.iptables(['-C', hook.from, '-j', hook.chain])).ok) continue;
      // First: ahead of any ACCEPT already there (Docker's, the operator's).
      await this.must(['-I', hook.from, '1', '-j', hook.chain]);
    }
  }

  private async ensureBridge(bridge: string): Promise<void> {
    for (const rule of bridgeRules(bridge)) await this.ensureRule(rule);
    this.guarded.add(bridge);
  }

  private async ensureRule({ chain, spec }: ChainRule): Promise<void> {
    if ((await this.iptables(['-C', chain, ...spec])).ok) return;
    await this.must(['-A', chain, ...spec]);
  }

  /** Rules for bridges that are gone (their networks removed) would only pile up. */
  private async prune(): Promise<void> {
    for (const chain of [HOST_CHAIN, ISOLATION_CHAIN]) {
      const listing = await this.iptables(['-S', chain]);
      for (const rule of rulesListed(chain, listing.stdout)) {
        if (await this.exists(rule.bridge)) continue;
        // Gone already (another compute pruned it): fine.
        await this.iptables(['-D', chain, ...rule.spec]);
      }
    }
  }

  private async must(args: string[]): Promise<void> {
    const result = await this.iptables(args);
    if (!result.ok) throw new Error(`iptables ${args.join(' ')} failed: ${result.stderr.trim()}`);
  }
}
