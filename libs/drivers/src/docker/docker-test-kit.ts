/**
 * Shared by the Docker int specs only (not exported from the barrel): every object a test makes
 * carries `berth.test=1`, so one sweep removes whatever a failed test left behind.
 */
import { randomUUID } from 'node:crypto';
import Dockerode from 'dockerode';
import { dockerOptionsOf, defaultDockerEndpoint } from './docker-connection';
import type { ContainerCreateSpec } from './runtime.types';

export const TEST_IMAGE = 'berth-test/busybox:latest';
export const REGISTRY_IMAGE = '127.0.0.1:5000/berth-test/busybox:latest';
export const TEST_LABEL = 'berth.test';

export function rawEngine(): Dockerode {
  return new Dockerode(dockerOptionsOf(defaultDockerEndpoint()));
}

/** A sleeping busybox container spec; override what the test is about. */
export function testSpec(overrides: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec {
  return {
    uuid: randomUUID(),
    project: 'test-project',
    image: TEST_IMAGE,
    command: ['sleep', '300'],
    ...overrides,
    labels: { ...overrides.labels, [TEST_LABEL]: '1' },
  };
}

/** Force-removes every container labelled as a test's. */
export async function removeTestContainers(engine: Dockerode): Promise<void> {
  const found = await engine.listContainers({ all: true, filters: { label: [TEST_LABEL] } });
  await Promise.all(
    found.map((c) =>
      engine
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` passes or `ms` run out; returns whether it passed. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 5000,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}
