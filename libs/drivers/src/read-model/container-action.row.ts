import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Zun's container_actions: one row per request, finished by its outcome event. */
@Entity({ name: 'container_actions' })
@Index(['container_uuid', 'start_time'])
@Index(['project_id', 'start_time'])
export class ContainerActionRow {
  @PrimaryColumn('text') request_id!: string;
  @Column('uuid') container_uuid!: string;
  @Column('text') action!: string;
  @Column('text') user_id!: string;
  @Column('text') project_id!: string;
  @Column('timestamptz') start_time!: Date;
  @Column('timestamptz', { nullable: true }) finish_time!: Date | null;
  /** 'Success' | 'Error' once finished. */
  @Column('text', { nullable: true }) result!: string | null;
  @Column('text', { nullable: true }) message!: string | null;
  /** The request event's parameters, for the audit. */
  @Column('jsonb') params!: object;
}
