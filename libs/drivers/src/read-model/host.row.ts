import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What one container holds on the host, as its CapacityClaimed said. */
export interface HostClaimUsage {
  cpu: number;
  memory: number;
  disk: number;
}

/**
 * A compute host as registered in its `host-<name>` stream: capacity and what runs there, and the
 * sums of its live capacity claims (Zun's host `cpu_used`, `mem_used`, `disk_used`,
 * `total_containers`). The scheduler decides from the stream; these columns are for reading.
 */
@Entity({ name: 'hosts' })
export class HostRow {
  @PrimaryColumn('text') hostname!: string;
  @Column('uuid') uuid!: string;
  @Column('integer') cpus!: number;
  @Column('integer') mem_total!: number;
  @Column('integer') disk_total!: number;
  @Column('jsonb') info!: object;
  /** container uuid → its claim, so a release subtracts exactly what was claimed. */
  @Column('jsonb', { default: {} }) claims!: Record<string, HostClaimUsage>;
  @Column('double precision', { default: 0 }) cpu_used!: number;
  @Column('integer', { default: 0 }) mem_used!: number;
  @Column('integer', { default: 0 }) disk_used!: number;
  @Column('integer', { default: 0 }) total_containers!: number;
  @Column('text') position!: string;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;
}
