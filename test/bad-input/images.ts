import { badImageReference, notAString, unknownName } from './arbitraries';
import { json, shown, type CaseSpec, type Family } from './case';

const PULL_KEYS = ['repo', 'host', 'image_id', 'tag', 'size', 'image_pull_policy'];

/**
 * /v1/images: pull bodies (Zun's image_create: repo and host required, no other keys), show and
 * delete of images that do not exist, image-search (not served), and policy. The list's query
 * parameters are in the lists family.
 */
export const images: Family = {
  name: 'images',
  owner: 'schemas',
  build(t, gen) {
    const pull = (body: unknown, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name: `pull ${name}`,
      method: 'POST',
      path: '/v1/images',
      body: json(body),
      ...extra,
    });
    const repo = t.testImage;
    const host = t.hostname;
    const cases: CaseSpec[] = [
      pull({ host }, 'without repo'),
      pull({ repo }, 'without host'),
      pull({ repo, host: 'no-such-host' }, 'onto a host that does not exist'),
      pull({ repo: '!!!', host }, 'repo=!!!'),
      pull({ repo: 'a', host }, 'repo=a'),
      pull({ repo: 'UPPER/case', host }, 'repo=UPPER/case'),
      pull({ repo: 'x'.repeat(256), host }, 'repo of 256 characters'),
      pull({ repo: 'busybox:', host }, 'repo=busybox:'),
      pull({ repo: 'busybox@sha256:nothex', host }, 'repo with a bad digest'),
      pull({ repo: '', host }, 'repo empty'),
      pull({ repo: 5, host }, 'repo a number'),
      pull({ repo, host: 5 }, 'host a number'),
      pull({ repo, host: '' }, 'host empty'),
      pull({ repo, host: 'bad host!' }, 'host with spaces'),
      pull({ repo, host, evil: 1 }, 'with an unknown key'),
      pull({ repo, host, image_pull_policy: 'sometimes' }, 'image_pull_policy=sometimes'),
      pull({ repo, host, size: 'huge' }, 'size=huge'),
      pull([repo, host], 'body a list'),
      pull(null, 'body null'),
      pull(`${repo}`, 'body a string'),
      pull({ repo, host }, 'by a member', { auth: 'member' }),
      {
        name: 'show an image that does not exist',
        method: 'GET',
        path: '/v1/images/00000000-0000-0000-0000-000000000000',
      },
      { name: 'show an image by a non-uuid', method: 'GET', path: '/v1/images/busybox' },
      { name: 'show an image id with a NUL', method: 'GET', path: '/v1/images/%00' },
      { name: 'show as a member', method: 'GET', path: `/v1/images/${t.image}`, auth: 'member' },
      {
        name: 'delete an image that does not exist',
        method: 'DELETE',
        path: '/v1/images/00000000-0000-0000-0000-000000000000',
      },
      { name: 'delete an image by a non-uuid', method: 'DELETE', path: '/v1/images/busybox' },
      {
        name: 'delete as a member',
        method: 'DELETE',
        path: `/v1/images/${t.image}`,
        auth: 'member',
      },
      {
        name: 'image-search (not served)',
        method: 'GET',
        path: '/v1/images/busybox/search?image_driver=docker&exact_match=False',
      },
      {
        name: 'image-search with a bad driver',
        method: 'GET',
        path: '/v1/images/busybox/search?image_driver=evil&exact_match=maybe',
      },
      { name: 'list as a member', method: 'GET', path: '/v1/images', auth: 'member' },
    ];
    for (const value of gen.sample('images:repo', badImageReference, 14)) {
      cases.push(pull({ repo: value, host }, `generated repo ${shown(value)}`));
    }
    for (const value of gen.sample('images:repo-type', notAString, 6)) {
      cases.push(pull({ repo: value, host }, `generated repo ${shown(value)}`));
    }
    for (const value of gen.sample('images:host-type', notAString, 6)) {
      cases.push(pull({ repo, host: value }, `generated host ${shown(value)}`));
    }
    for (const key of gen.sample('images:unknown', unknownName(PULL_KEYS), 8)) {
      cases.push(pull({ repo, host, [key]: 'x' }, `generated unknown key ${key}`));
    }
    return cases;
  },
};
