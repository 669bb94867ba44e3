import fc from 'fast-check';
import { emptyTarBase64 } from './catalogue';
import { bytes, json, query, shown, type CaseSpec, type Family } from './case';

const relativePath = fc.stringMatching(/^[a-z.][a-z0-9./_-]{0,30}$/);

/**
 * get_archive and put_archive: archive paths (absolute, at most 4,096 characters, no NUL) and
 * put_archive's body (a base64 tar), on the Running container.
 */
export const archives: Family = {
  name: 'archives',
  owner: 'schemas',
  build(t, gen) {
    const url = (route: string, path: string | null, extra: string, ident = t.running.uuid) => {
      const q = [path === null ? '' : query([['path', path]]), extra].filter((x) => x !== '');
      return `/v1/containers/${ident}/${route}${q.length > 0 ? `?${q.join('&')}` : ''}`;
    };
    const get = (
      path: string | null,
      name: string,
      more: Partial<CaseSpec> & { q?: string } = {},
    ): CaseSpec => {
      const { q = '', ...rest } = more;
      return {
        name: `get_archive ${name}`,
        method: 'GET',
        path: url('get_archive', path, q),
        ...rest,
      };
    };
    const put = (
      path: string | null,
      body: CaseSpec['body'],
      name: string,
      more: Partial<CaseSpec> & { q?: string; ident?: string } = {},
    ): CaseSpec => {
      const { q = '', ident, ...rest } = more;
      return {
        name: `put_archive ${name}`,
        method: 'POST',
        path: url('put_archive', path, q, ident),
        ...(body === undefined ? {} : { body }),
        ...rest,
      };
    };
    const tar = json({ data: emptyTarBase64() });
    const long = (n: number) => `/${'a'.repeat(n - 1)}`;

    const cases: CaseSpec[] = [
      get(null, 'without a path'),
      get('', 'path='),
      get('etc/hostname', 'of a relative path'),
      get('../../etc/passwd', 'path=../../etc/passwd'),
      get(long(5000), 'of a 5,000-character path'),
      get(long(4097), 'of a 4,097-character path'),
      get(long(100_000), 'of a 100,000-character path (a 100 kB URL)', { owner: 'intake' }),
      get('/etc/\u0000passwd', 'of a path with a NUL'),
      get('/no/such/file', 'of a file that does not exist'),
      get('/etc/hostname', 'with the path given twice', { q: 'path=%2Fetc%2Fhosts' }),
      get('/etc/hostname', 'with an unknown parameter', { q: 'evil=1' }),
      get(`/${'x'.repeat(255)}/y`, 'under a 255-character name that does not exist'),
      put('/tmp', undefined, 'without a body'),
      put(null, tar, 'without a path'),
      put('tmp', tar, 'to a relative path'),
      put(long(5000), tar, 'to a 5,000-character path'),
      put('/tmp\u0000x', tar, 'to a path with a NUL'),
      put('/no/such/dir', tar, 'to a directory that does not exist'),
      put('/etc/hostname', tar, 'onto a file'),
      put('/tmp', json({ data: '!!!not base64!!!' }), 'data that is not base64'),
      put('/tmp', json({ data: '' }), 'data empty'),
      put('/tmp', json({ data: 123 }), 'data a number'),
      put('/tmp', json({ data: [emptyTarBase64()] }), 'data a list'),
      put('/tmp', json({}), 'body without data'),
      put(
        '/tmp',
        json({ data: Buffer.from('not a tar at all').toString('base64') }),
        'data not a tar',
      ),
      put('/tmp', json([emptyTarBase64()]), 'body a list'),
      put('/tmp', json(null), 'body null'),
      put('/tmp', bytes(`data=${encodeURIComponent(emptyTarBase64())}`), 'body form-urlencoded', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        status: [415],
        owner: 'intake',
      }),
      put('/tmp', tar, 'with an unknown parameter', { q: 'evil=1' }),
      put('/tmp', tar, 'into a container that does not exist', { ident: 'no-such-container' }),
      put('/tmp', tar, "into another project's container", {
        ident: t.running.uuid,
        auth: 'member',
      }),
    ];

    for (const path of gen.sample('archive:relative', relativePath, 12)) {
      cases.push(get(path, `generated relative path ${shown(path)}`));
    }
    for (const path of gen.sample('archive:relative-put', relativePath, 6)) {
      cases.push(put(path, tar, `generated relative path ${shown(path)}`));
    }
    return cases;
  },
};
