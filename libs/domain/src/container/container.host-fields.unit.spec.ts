import { HOST_FIELDS, withoutHostFields } from './container.host-fields';
import { T1, createRequested } from './container.test-fixtures';

describe('withoutHostFields', () => {
  it('drops the chosen host and the admin’s requested host from a create request', () => {
    const { data } = createRequested();
    const scheduled = {
      ...data,
      scheduling: { hints: { 'label:zone': 'a' }, availability_zone: 'nova', requested_host: 'h2' },
    };
    const shown = withoutHostFields('ContainerCreateRequested', scheduled);
    expect(shown).not.toHaveProperty('host');
    expect(shown).toMatchObject({
      name: 'web',
      spec: data.spec,
      scheduling: { hints: { 'label:zone': 'a' }, availability_zone: 'nova' },
    });
    expect((shown as typeof scheduled).scheduling).not.toHaveProperty('requested_host');
  });

  it('never touches the stored data, which stays as written', () => {
    const { data } = createRequested();
    withoutHostFields('ContainerCreateRequested', data);
    expect(data.host).toBe('host-a');
  });

  it('keeps a user’s own keys named host inside their maps', () => {
    const { data } = createRequested();
    const spec = { ...data.spec, environment: { host: 'db.internal' }, labels: { host: 'x' } };
    const shown = withoutHostFields('ContainerCreateRequested', { ...data, spec });
    expect(shown).toMatchObject({ spec: { environment: { host: 'db.internal' } } });
  });

  it('drops the host of a placement attempt and of a volume event', () => {
    const attempt = { request_id: 'r', at: T1, host: 'h1', reason: 'engine down', attempt: 1 };
    expect(withoutHostFields('ContainerCreateAttemptFailed', attempt)).toEqual({
      request_id: 'r',
      at: T1,
      reason: 'engine down',
      attempt: 1,
    });
    const detached = { request_id: 'r', at: T1, host: 'h1', kind: 'named', removed: false };
    expect(withoutHostFields('ContainerVolumeDetached', detached)).not.toHaveProperty('host');
  });

  it('returns data that names no host as the very same object', () => {
    const started = { request_id: 'r', at: T1 };
    expect(withoutHostFields('ContainerStartRequested', started)).toBe(started);
    expect(withoutHostFields('HostRegistered', started)).toBe(started);
    const unscheduled = { request_id: 'r', at: T1, scheduling: null };
    expect(withoutHostFields('ContainerCreateRequested', unscheduled)).toBe(unscheduled);
  });

  it('is not fooled by Object.prototype names', () => {
    const data = { request_id: 'r' };
    expect(withoutHostFields('toString', data)).toBe(data);
    expect(withoutHostFields('constructor', data)).toBe(data);
  });

  it('lists only paths that end in a host name', () => {
    for (const paths of Object.values(HOST_FIELDS)) {
      for (const path of paths) expect(path[path.length - 1]).toMatch(/host$/);
    }
  });
});
