import { DROPPED_CAPABILITIES, createOptionsOf } from './create-options';

const base = { uuid: 'u1', project: 'p1', image: 'busybox' };

describe('the Docker create body of a tenant container', () => {
  it('drops the capabilities tenants could harm each other with and forbids gaining privileges', () => {
    const { HostConfig } = createOptionsOf(base);
    expect(HostConfig?.CapDrop).toEqual(['NET_RAW', 'MKNOD', 'AUDIT_WRITE', 'SETFCAP']);
    expect(HostConfig?.SecurityOpt).toEqual(['no-new-privileges']);
    expect(HostConfig?.Privileged).toBe(false);
  });

  it('leaves a privileged container (admin only) unconfined, as asked', () => {
    const { HostConfig } = createOptionsOf({ ...base, privileged: true });
    expect(HostConfig?.Privileged).toBe(true);
    expect(HostConfig?.CapDrop).toBeUndefined();
    expect(HostConfig?.SecurityOpt).toBeUndefined();
  });

  it('limits processes, and the writable layer when a disk size is given', () => {
    const { HostConfig } = createOptionsOf({ ...base, pidsLimit: 512, diskGiB: 3 });
    expect(HostConfig?.PidsLimit).toBe(512);
    expect(HostConfig?.StorageOpt).toEqual({ size: '3G' });
    expect(createOptionsOf(base).HostConfig?.StorageOpt).toBeUndefined();
  });

  it('keeps NET_RAW out of the set every container keeps', () => {
    expect(DROPPED_CAPABILITIES).toContain('NET_RAW');
  });
});
