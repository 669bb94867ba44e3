import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per container, as the Zun API shows it. Written only by the projector. */
@Entity({ name: 'containers' })
@Index('containers_project_name', ['project_id', 'name'])
@Index('containers_created', ['created_at', 'uuid'])
export class ContainerRow {
  @PrimaryColumn('uuid') uuid!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text') project_id!: string;
  @Column('text') user_id!: string;
  @Column('text') image!: string;
  @Column('text') status!: string;
  @Column('text', { nullable: true }) status_reason!: string | null;
  @Column('text', { nullable: true }) task_state!: string | null;
  @Column('text', { nullable: true }) host!: string | null;
  @Column('text', { nullable: true }) docker_id!: string | null;
  @Column('double precision', { nullable: true }) cpu!: number | null;
  @Column('integer', { nullable: true }) memory!: number | null;
  @Column('integer', { nullable: true }) disk!: number | null;
  @Column('boolean', { default: false }) auto_remove!: boolean;
  @Column('boolean', { default: false }) deleted!: boolean;
  /**
   * The whole domain state: the projector evolves it event by event without re-reading the stream,
   * and the API renders Zun's view from it. The columns above exist to filter and sort on.
   */
  @Column('jsonb') state!: object;
  @Column('text') position!: string;
  /**
   * The revision of the stream's last event this row reflects (bigint: pg returns a string). Null
   * only between the upgrade that added it and the rebuild that upgrade asked for.
   */
  @Column('bigint', { nullable: true }) revision!: string | null;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;
}
