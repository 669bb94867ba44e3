import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformModule, platformConfigFromEnv } from '@berth/platform';
import { computeConfigFromEnv, type ComputeConfig } from '../../apps/compute/src/compute.config';
import { SimulatedFleet } from './fleet';

/** What the bench and its fleet processes tell each other over the IPC channel. */
export type FleetMessage =
  | { type: 'ready'; hosts: number }
  | { type: 'stop' }
  | { type: 'stopped'; counts: { dispatched: number; foreign: number } };

export const HOST_CPUS = 8;
export const HOST_MEM_MIB = 16_384;

export const hostName = (i: number): string => `sim-${String(i).padStart(4, '0')}`;

export function hostConfig(i: number): ComputeConfig {
  return computeConfigFromEnv({
    hostname: hostName(i),
    networkMode: 'none',
    concurrency: 8,
    runtime: 'simulated',
    simulated: { cpus: HOST_CPUS, memTotalMiB: HOST_MEM_MIB },
  });
}

/**
 * A slice of the simulated fleet (hosts FLEET_FROM to FLEET_TO - 1) in a process of its own, so
 * that the bench's figures measure Berth's API and not the load of 500 hosts heartbeating and
 * acting on every create in the same event loop. Started by main.ts with an IPC channel.
 */
async function main(): Promise<void> {
  const from = Number(process.env.FLEET_FROM);
  const to = Number(process.env.FLEET_TO);
  const concurrency = Number(process.env.FLEET_CONCURRENCY ?? 64);
  @Module({ imports: [PlatformModule.forRoot(platformConfigFromEnv())] })
  class FleetApp {}
  const app = await NestFactory.createApplicationContext(FleetApp, { logger: ['error', 'warn'] });
  const configs = Array.from({ length: to - from }, (_, k) => hostConfig(from + k));
  const fleet = new SimulatedFleet(app, configs, concurrency, `compute:simulated-fleet-${from}`);
  await fleet.start();
  const send = (message: FleetMessage): Promise<void> =>
    new Promise((resolve) => {
      if (!process.send) resolve();
      else process.send(message, () => resolve());
    });
  process.on('message', (message: FleetMessage) => {
    if (message.type !== 'stop') return;
    void fleet
      .stop()
      .then(() => send({ type: 'stopped', counts: fleet.counts }))
      .then(() => app.close())
      .finally(() => process.exit(0));
  });
  await send({ type: 'ready', hosts: fleet.size });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
