import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per container, as the Zun API shows it. Written only by the projector. */
@Entity({ name: 'containers' })
@Index(['project_id', 'name'])
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
  @Column('boolean') auto_remove!: boolean;
  @Column('boolean') deleted!: boolean;
  /**
   * The whole domain state: the projector evolves it event by event without re-reading the stream,
   * and the API renders Zun's view from it. The columns above exist to filter and sort on.
   */
  @Column('jsonb') state!: object;
  @Column('text') position!: string;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;
}
