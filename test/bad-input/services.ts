import { query, type CaseSpec, type Family } from './case';

/**
 * Service writes (enable, disable, force_down, delete): Zun's query_param_* schemas, services
 * that do not exist, policy. Unknown parameters on the run's own compute are destructive: if
 * wrongly accepted they disable or force down the host every other case relies on.
 */
export const services: Family = {
  name: 'services',
  owner: 'schemas',
  build(t) {
    const put = (
      action: string,
      pairs: ReadonlyArray<readonly [string, string]>,
      name: string,
      extra: Partial<CaseSpec> = {},
    ): CaseSpec => ({
      name: `${action} ${name}`,
      method: 'PUT',
      path: `/v1/services/${action}${pairs.length > 0 ? `?${query(pairs)}` : ''}`,
      ...extra,
    });
    const host = ['host', t.hostname] as const;
    const binary = ['binary', 'zun-compute'] as const;
    const cases: CaseSpec[] = [];
    for (const action of ['enable', 'disable', 'force_down']) {
      const ok = action === 'force_down' ? ([['forced_down', 'False']] as const) : [];
      cases.push(
        put(action, [binary, ...ok], 'without host'),
        put(action, [host, ...ok], 'without binary'),
        put(action, [['host', 'no-such-host'], binary, ...ok], 'of a host that does not exist'),
        put(action, [host, ['binary', 'no-such-binary'], ...ok], 'of a binary that does not exist'),
        put(action, [['host', 'bad host!'], binary, ...ok], 'host with a space'),
        put(action, [['host', 'h'.repeat(256)], binary, ...ok], 'host of 256 characters'),
        put(action, [host, ['binary', 'b'.repeat(256)], ...ok], 'binary of 256 characters'),
        put(action, [host, binary, ...ok], 'by a member', { auth: 'member' }),
        put(action, [host, binary, ['host', 'other'], ...ok], 'host given twice'),
      );
    }
    cases.push(
      put(
        'disable',
        [host, binary, ['disabled_reason', 'r'.repeat(256)]],
        'disabled_reason of 256 characters',
      ),
      put('disable', [host, binary, ['disabled_reason', '']], 'disabled_reason empty'),
      put('force_down', [host, binary], 'without forced_down'),
      put('force_down', [host, binary, ['forced_down', 'maybe']], 'forced_down=maybe'),
      put(
        'force_down',
        [host, binary, ['forced_down', 'yes']],
        "forced_down=yes (Zun's boolean: True/False)",
      ),
      put('enable', [host, binary, ['evil', '1']], 'with an unknown parameter', {
        destructive: true,
      }),
      put('disable', [host, binary, ['evil', '1']], 'with an unknown parameter', {
        destructive: true,
      }),
      put(
        'force_down',
        [host, binary, ['forced_down', 'True'], ['evil', '1']],
        'with an unknown parameter',
        { destructive: true },
      ),
      put('restart', [host, binary], '(no such action)'),
      { name: 'delete without binary', method: 'DELETE', path: `/v1/services?${query([host])}` },
      {
        name: 'delete of a host that does not exist',
        method: 'DELETE',
        path: `/v1/services?${query([['host', 'no-such-host'], binary])}`,
      },
      {
        name: 'delete by a member',
        method: 'DELETE',
        path: `/v1/services?${query([host, binary])}`,
        auth: 'member',
        destructive: true,
      },
    );
    // Anything aimed at the run's own host that could disable it or force it down goes last.
    const ours = `host=${encodeURIComponent(t.hostname)}`;
    return cases.map((c) =>
      c.path.startsWith('/v1/services/enable') || !c.path.includes(ours)
        ? c
        : { ...c, destructive: true },
    );
  },
};
