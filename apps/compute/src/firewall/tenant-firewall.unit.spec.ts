import { HOST_CHAIN, ISOLATION_CHAIN, bridgeRules, rulesListed } from './firewall-rules';
import type { Iptables, IptablesResult } from './iptables';
import { TenantFirewall } from './tenant-firewall';

/** The filter table as iptables keeps it, for the commands TenantFirewall uses. */
class FakeFilterTable {
  readonly chains = new Map<string, string[]>([
    ['INPUT', []],
    ['FORWARD', []],
  ]);
  readonly calls: string[][] = [];

  constructor(withDockerUser = true) {
    if (withDockerUser) this.chains.set('DOCKER-USER', ['-j RETURN']);
  }

  readonly run: Iptables = (args) => {
    this.calls.push([...args]);
    const [op, chain, ...rest] = args;
    const rules = this.chains.get(chain);
    const answer = (ok: boolean, stdout = '', stderr = ''): Promise<IptablesResult> =>
      Promise.resolve({ ok, stdout, stderr });
    if (op === '-N') {
      if (rules) return answer(false, '', 'iptables: Chain already exists.');
      this.chains.set(chain, []);
      return answer(true);
    }
    if (!rules) return answer(false, '', `iptables: No chain/target/match by that name.`);
    const text = (spec: readonly string[]): string => spec.join(' ');
    switch (op) {
      case '-S':
        return answer(true, [`-N ${chain}`, ...rules.map((r) => `-A ${chain} ${r}`)].join('\n'));
      case '-C':
        return answer(rules.includes(text(rest)));
      case '-A':
        rules.push(text(rest));
        return answer(true);
      case '-I':
        rules.splice(Number(rest[0]) - 1, 0, text(rest.slice(1)));
        return answer(true);
      case '-D': {
        const at = rules.indexOf(text(rest));
        if (at < 0) return answer(false, '', 'iptables: Bad rule.');
        rules.splice(at, 1);
        return answer(true);
      }
    }
    throw new Error(`unexpected iptables ${args.join(' ')}`);
  };

  rulesOf(chain: string): string[] {
    return this.chains.get(chain) ?? [];
  }
}

const always = (): Promise<boolean> => Promise.resolve(true);
const bridge = (name: string) => ({ network: `net-${name}`, bridge: name });

describe("Berth's tenant firewall", () => {
  it('makes its chains and jumps to them first from INPUT, FORWARD and DOCKER-USER', async () => {
    const table = new FakeFilterTable();
    table.chains.set('FORWARD', ['-j DOCKER-USER', '-i docker0 ! -o docker0 -j ACCEPT']);
    await new TenantFirewall(table.run, always).start([]);
    expect(table.rulesOf('INPUT')[0]).toBe(`-j ${HOST_CHAIN}`);
    expect(table.rulesOf('FORWARD')[0]).toBe(`-j ${ISOLATION_CHAIN}`);
    expect(table.rulesOf('DOCKER-USER')[0]).toBe(`-j ${ISOLATION_CHAIN}`);
  });

  it('hooks FORWARD alone on a machine whose Docker keeps no DOCKER-USER chain', async () => {
    const table = new FakeFilterTable(false);
    await new TenantFirewall(table.run, always).start([]);
    expect(table.chains.has('DOCKER-USER')).toBe(false);
    expect(table.rulesOf('FORWARD')).toEqual([`-j ${ISOLATION_CHAIN}`]);
  });

  it("walls each project bridge off from the host and from other bridges' new connections, and lets it talk within", async () => {
    const table = new FakeFilterTable();
    await new TenantFirewall(table.run, always).start([bridge('br-aaaa')]);
    expect(table.rulesOf(HOST_CHAIN)).toEqual([
      '-i br-aaaa -m conntrack ! --ctstate ESTABLISHED,RELATED -j REJECT --reject-with icmp-admin-prohibited',
    ]);
    expect(table.rulesOf(ISOLATION_CHAIN)).toEqual([
      '-o br-aaaa ! -i br-aaaa -m conntrack ! --ctstate ESTABLISHED,RELATED -j REJECT --reject-with icmp-admin-prohibited',
      '-i br-aaaa -o br-aaaa -j ACCEPT',
    ]);
  });

  it('adds nothing twice, however often it starts or guards', async () => {
    const table = new FakeFilterTable();
    const firewall = new TenantFirewall(table.run, always);
    await firewall.start([bridge('br-aaaa')]);
    await new TenantFirewall(table.run, always).start([bridge('br-aaaa')]);
    await Promise.all([firewall.guard(bridge('br-bbbb')), firewall.guard(bridge('br-bbbb'))]);
    await firewall.sync([bridge('br-aaaa'), bridge('br-bbbb')]);
    expect(table.rulesOf('INPUT')).toEqual([`-j ${HOST_CHAIN}`]);
    expect(table.rulesOf(HOST_CHAIN)).toHaveLength(2);
    expect(table.rulesOf(ISOLATION_CHAIN)).toHaveLength(4);
  });

  it('asks iptables nothing for a bridge it has already guarded', async () => {
    const table = new FakeFilterTable();
    const firewall = new TenantFirewall(table.run, always);
    await firewall.start([]);
    await firewall.guard(bridge('br-aaaa'));
    const before = table.calls.length;
    await firewall.guard(bridge('br-aaaa'));
    expect(table.calls.length).toBe(before);
  });

  it('puts back on sync the rules someone flushed', async () => {
    const table = new FakeFilterTable();
    const firewall = new TenantFirewall(table.run, always);
    await firewall.start([bridge('br-aaaa')]);
    table.chains.set(HOST_CHAIN, []);
    table.chains.set('INPUT', []);
    await firewall.sync([bridge('br-aaaa')]);
    expect(table.rulesOf('INPUT')).toEqual([`-j ${HOST_CHAIN}`]);
    expect(table.rulesOf(HOST_CHAIN)).toHaveLength(1);
  });

  it('prunes the rules of bridges that are gone and keeps those of bridges others own', async () => {
    const table = new FakeFilterTable();
    await new TenantFirewall(table.run, always).start([bridge('br-gone'), bridge('br-other')]);
    const alive = new Set(['br-other', 'br-mine']);
    await new TenantFirewall(table.run, (b) => Promise.resolve(alive.has(b))).start([
      bridge('br-mine'),
    ]);
    const bridges = rulesListed(
      HOST_CHAIN,
      `${table
        .rulesOf(HOST_CHAIN)
        .map((r) => `-A ${HOST_CHAIN} ${r}`)
        .join('\n')}`,
    ).map((r) => r.bridge);
    expect(bridges.sort()).toEqual(['br-mine', 'br-other']);
    expect(table.rulesOf(ISOLATION_CHAIN).some((r) => r.includes('br-gone'))).toBe(false);
  });

  it('fails when iptables refuses a rule, so no container joins an unguarded bridge', async () => {
    const table = new FakeFilterTable();
    const refusing: Iptables = (args) =>
      args[0] === '-A'
        ? Promise.resolve({ ok: false, stdout: '', stderr: 'Permission denied (you must be root)' })
        : table.run(args);
    await expect(new TenantFirewall(refusing, always).guard(bridge('br-aaaa'))).rejects.toThrow(
      /Permission denied/,
    );
  });

  it('refuses a bridge name that is not an interface name', () => {
    expect(() => bridgeRules('br-x -j ACCEPT')).toThrow(/not an interface name/);
  });
});
