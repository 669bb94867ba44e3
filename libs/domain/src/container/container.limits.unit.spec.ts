import { aSpec } from '../testing/a-spec';
import { usageOfSpec } from '../quota/quota.effects';
import { ZUN_CONTAINER_DEFAULTS, withDefaultLimits } from './container.limits';

describe('default limits of a container', () => {
  const defaults = { cpu: 1, memory: 512, pids_limit: 4096 };

  it("are Zun's default_cpu and default_memory", () => {
    expect(ZUN_CONTAINER_DEFAULTS).toMatchObject({ cpu: 1, memory: 512 });
  });

  it('fill in what the user did not give, and quota counts them as if asked', () => {
    const spec = withDefaultLimits(aSpec({ cpu: null, memory: null }), defaults);
    expect(spec).toMatchObject({ cpu: 1, memory: 512, pids_limit: 4096 });
    expect(usageOfSpec(spec)).toEqual({ containers: 1, cpu: 1, memory: 512, disk: 0 });
  });

  it('keep what the user gave', () => {
    const spec = withDefaultLimits(aSpec({ cpu: 0.25, memory: 64 }), defaults);
    expect(spec).toMatchObject({ cpu: 0.25, memory: 64, pids_limit: 4096 });
  });
});
