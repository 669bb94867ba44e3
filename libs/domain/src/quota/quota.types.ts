/** What Zun counts against a project: container count, CPUs, MiB of memory and GiB of disk. */
export const QUOTA_RESOURCES = ['containers', 'cpu', 'memory', 'disk'] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

/** A limit per resource; -1 means unlimited, as in Zun. */
export type QuotaLimits = Record<QuotaResource, number>;

/** What one container holds against its project's quota. */
export type ResourceUsage = Record<QuotaResource, number>;

/** Zun's defaults (zun/conf/quota.py): 40 containers, 20 CPUs, 51200 MiB, 100 GB. */
export const ZUN_DEFAULT_QUOTAS: QuotaLimits = {
  containers: 40,
  cpu: 20,
  memory: 51200,
  disk: 100,
};

export const DEFAULT_QUOTA_CLASS = 'default';

export const projectStream = (projectId: string): string => `project-${projectId}`;
export const quotaClassStream = (name: string): string => `quotaclass-${name}`;
