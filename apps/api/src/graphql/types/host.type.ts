import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { HostRow } from '@berth/drivers';

/** A compute host and its capacity, as registered in its `host-<name>` stream. */
@ObjectType('Host')
export class HostModel {
  @Field(() => String) uuid!: string;
  @Field(() => String) hostname!: string;
  @Field(() => Int) cpus!: number;
  @Field(() => Int) memTotal!: number;
  @Field(() => Int) diskTotal!: number;
  @Field(() => Float, { description: 'CPUs claimed by the containers placed here.' })
  cpuUsed!: number;
  @Field(() => Int, { description: 'MiB claimed by the containers placed here.' }) memUsed!: number;
  @Field(() => Int) diskUsed!: number;
  @Field(() => Int) totalContainers!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

export function toHostModel(row: HostRow): HostModel {
  return {
    uuid: row.uuid,
    hostname: row.hostname,
    cpus: row.cpus,
    memTotal: row.mem_total,
    diskTotal: row.disk_total,
    cpuUsed: row.cpu_used,
    memUsed: row.mem_used,
    diskUsed: row.disk_used,
    totalContainers: row.total_containers,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
