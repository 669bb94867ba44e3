import fc from 'fast-check';
import { containerPath, query, type CaseSpec, type Family } from './case';

/**
 * network_attach / network_detach / network_list on the Running container: Zun's
 * network_attach and network_detach schemas, and networks that do not exist (a 4xx at the API,
 * not work accepted that fails later).
 */
export const networks: Family = {
  name: 'networks',
  owner: 'schemas',
  build(t, gen) {
    const attach = (q: string, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name: `network_attach ${name}`,
      method: 'POST',
      path: containerPath(t.running, 'network_attach', q),
      ...extra,
    });
    const detach = (q: string, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name: `network_detach ${name}`,
      method: 'POST',
      path: containerPath(t.running, 'network_detach', q),
      ...extra,
    });
    const missing = `corpus-missing-${t.adminProject.slice(0, 8)}`;

    const cases: CaseSpec[] = [
      attach(query([['network', missing]]), 'of a network that does not exist'),
      attach('', 'without network or port'),
      attach('network=', 'network='),
      attach('network=bridge', "of Docker's bridge"),
      attach('network=host', "of Docker's host network"),
      attach('network=none', "of Docker's none network"),
      attach('network=bad%20name%21', 'network="bad name!"'),
      attach(`network=${'n'.repeat(256)}`, 'network of 256 characters'),
      attach('port=abc', 'port=abc'),
      attach(
        query([
          ['network', missing],
          ['port', 'abc'],
        ]),
        'both network and port',
      ),
      attach(
        query([
          ['network', missing],
          ['fixed_ip', '999.1.1.1'],
        ]),
        'fixed_ip=999.1.1.1',
      ),
      attach(
        query([
          ['network', missing],
          ['fixed_ip', '10.0.0.5'],
        ]),
        'with a fixed_ip',
      ),
      attach(
        query([
          ['network', missing],
          ['evil', '1'],
        ]),
        'with an unknown parameter',
      ),
      attach('network=a1&network=a2', 'network given twice'),
      attach(query([['network', missing]]), 'below 1.8', { version: 'container 1.7' }),
      detach(query([['network', missing]]), 'of a network that does not exist'),
      detach('port=no-such-port', 'of a port that does not exist'),
      detach('', 'without network or port'),
      detach(
        query([
          ['network', missing],
          ['port', 'p'],
        ]),
        'both network and port',
      ),
      detach(`network=${'n'.repeat(256)}`, 'network of 256 characters'),
      detach('network=', 'network='),
      detach(
        query([
          ['network', missing],
          ['evil', '1'],
        ]),
        'with an unknown parameter',
      ),
      detach('network=a1&network=a2', 'network given twice'),
      detach(query([['network', missing]]), 'below 1.6', { version: 'container 1.5' }),
      {
        name: 'network_list below 1.13',
        method: 'GET',
        path: containerPath(t.running, 'network_list'),
        version: 'container 1.12',
      },
      detach(
        query([['network', missing]]),
        'from the Stopped container, of a network it is not on',
        {
          path: containerPath(t.stopped, 'network_detach', query([['network', missing]])),
        },
      ),
      attach(query([['network', 'corpus-x']]), "on another project's container", {
        auth: 'member',
      }),
    ];
    // Networks nobody made: each must be refused, whatever its (valid) name.
    const names = gen.sample(
      'networks:missing',
      fc.stringMatching(/^corpus-gen-[a-z0-9]{4,12}$/),
      12,
    );
    for (const name of names) {
      cases.push(attach(query([['network', name]]), `generated missing network ${name}`));
      cases.push(detach(query([['network', name]]), `generated missing network ${name}`));
    }
    // An attach or detach wrongly accepted leaves the container busy (409 to the next) until
    // compute answers: one at a time, so each case is judged on its own input.
    return cases.map((c) => ({ ...c, destructive: true }));
  },
};
