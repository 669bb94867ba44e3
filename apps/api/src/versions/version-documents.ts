import { MAX_API_VERSION, MIN_API_VERSION } from '../microversion';

/** `{href, rel}` as Zun's link.make_link builds it. */
export interface Link {
  href: string;
  rel: string;
  type?: string;
}

export interface VersionEntry {
  id: 'v1';
  links: Link[];
  status: 'CURRENT';
  max_version: string;
  min_version: string;
}

export interface RootDocument {
  name: string;
  description: string;
  versions: VersionEntry[];
  default_version: VersionEntry;
}

/** GET / (zun/api/controllers/root.py): what the CLI's version discovery reads. */
export function rootDocument(publicUrl: string): RootDocument {
  const entry = (): VersionEntry => ({
    id: 'v1',
    links: [{ href: `${publicUrl}/v1/`, rel: 'self' }],
    status: 'CURRENT',
    max_version: MAX_API_VERSION.toString(),
    min_version: MIN_API_VERSION.toString(),
  });
  return {
    name: 'OpenStack Zun API',
    description: 'Zun is an OpenStack project which aims to provide containers service.',
    versions: [entry()],
    default_version: entry(),
  };
}

/** The collections Zun's V1 document links, in its field order. */
const COLLECTIONS = [
  'services',
  'containers',
  'images',
  'networks',
  'hosts',
  'capsules',
  'availability_zones',
  'quotas',
  'quota_classes',
  'registries',
] as const;

export type V1Document = {
  id: 'v1';
  media_types: Array<{ base: string; type: string }>;
  links: Link[];
} & Record<(typeof COLLECTIONS)[number], Link[]>;

/** GET /v1 (zun/api/controllers/v1/__init__.py V1.convert). */
export function v1Document(publicUrl: string): V1Document {
  const collections = Object.fromEntries(
    COLLECTIONS.map((name) => [
      name,
      [
        { href: `${publicUrl}/v1/${name}/`, rel: 'self' },
        { href: `${publicUrl}/${name}/`, rel: 'bookmark' },
      ],
    ]),
  ) as Record<(typeof COLLECTIONS)[number], Link[]>;
  return {
    id: 'v1',
    media_types: [{ base: 'application/json', type: 'application/vnd.openstack.zun.v1+json' }],
    links: [
      { href: `${publicUrl}/v1/`, rel: 'self' },
      {
        href: 'https://docs.openstack.org/developer/zun/dev/api-spec-v1.html',
        rel: 'describedby',
        type: 'text/html',
      },
    ],
    ...collections,
  };
}
