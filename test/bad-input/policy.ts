import { containerPath, json, type CaseSpec, type Family } from './case';

/**
 * Requests well formed but not the caller's to make: a member reaching the admin project's
 * containers (a 404: they are not there for it), a reader writing, a member using admin-only
 * fields and routes (403).
 */
export const policy: Family = {
  name: 'policy',
  owner: 'policy',
  build(t) {
    const member = { auth: 'member' as const };
    const reader = { auth: 'reader' as const };
    const create = (body: object, name: string, auth: CaseSpec['auth']): CaseSpec => ({
      name,
      method: 'POST',
      path: '/v1/containers',
      body: json({ image: t.testImage, ...body }),
      auth,
    });
    const adminRunning = (method: string, sub: string, q = '', ref = t.running): CaseSpec => ({
      name: `member ${method} ${sub || 'show'} of the admin project's container`,
      method,
      path: containerPath(ref, sub, q),
      ...member,
      // What would stop or remove the container, if wrongly allowed, aims at the victim.
      ...(ref === t.victim ? { destructive: true } : {}),
    });
    const own = (method: string, sub: string, q = '', body?: CaseSpec['body']): CaseSpec => ({
      name: `reader ${method} ${sub || 'container'} of its project's container`,
      method,
      path: containerPath(t.memberContainer, sub, q),
      ...(body === undefined ? {} : { body }),
      ...reader,
      // A write the reader is wrongly allowed changes the member's container: sent last.
      destructive: true,
    });
    return [
      adminRunning('GET', ''),
      adminRunning('POST', 'stop', '', t.victim),
      adminRunning('POST', 'kill', '', t.victim),
      adminRunning('POST', 'pause', '', t.victim),
      adminRunning('DELETE', '', 'force=True', t.victim),
      adminRunning('GET', 'logs'),
      adminRunning('POST', 'execute', 'command=true'),
      adminRunning('GET', 'get_archive', 'path=%2Fetc%2Fhostname'),
      adminRunning('POST', 'commit', 'repository=corpus-steal'),
      adminRunning('GET', 'top'),
      adminRunning('GET', 'stats'),
      adminRunning('POST', 'network_attach', 'network=corpus-net'),
      adminRunning('GET', 'container_actions'),
      {
        ...adminRunning('PATCH', ''),
        body: json({ name: 'corpus-stolen' }),
      },
      {
        name: "member GET of the admin project's container by name",
        method: 'GET',
        path: `/v1/containers/${t.running.name}`,
        ...member,
      },
      {
        name: "member GET of the admin project's container with all_projects=True",
        method: 'GET',
        path: containerPath(t.running, '', 'all_projects=True'),
        ...member,
      },
      create({}, 'reader create', 'reader'),
      own('POST', 'stop'),
      own('POST', 'start'),
      own('DELETE', '', 'force=True'),
      own('PATCH', '', '', json({ name: 'corpus-reader-renamed' })),
      own('POST', 'execute', 'command=true'),
      own(
        'POST',
        'put_archive',
        'path=%2Ftmp',
        json({ data: Buffer.alloc(1024).toString('base64') }),
      ),
      own('POST', 'commit', 'repository=corpus-reader'),
      own('POST', 'network_attach', 'network=corpus-net'),
      create({ host: t.hostname }, 'member create choosing a host', 'member'),
      create({ runtime: 'runc' }, 'member create choosing a runtime', 'member'),
      create({ image_pull_policy: 'always' }, 'member create choosing a pull policy', 'member'),
      create({ privileged: true }, 'member create of a privileged container', 'member'),
      create({ privileged: true }, 'admin create of a privileged container', 'admin'),
      {
        name: "member force-delete of its own container (Zun's container:delete_force is admin_api)",
        method: 'DELETE',
        path: containerPath(t.memberContainer, '', 'force=True&stop=True'),
        ...member,
        destructive: true,
      },
    ];
  },
};
