import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Zun's container_actions_events: the steps of one action (here: its outcome). */
@Entity({ name: 'container_action_events' })
@Index(['request_id'])
export class ContainerActionEventRow {
  /** The outcome event's id in the log. */
  @PrimaryColumn('uuid') id!: string;
  @Column('text') request_id!: string;
  @Column('text') event!: string;
  @Column('timestamptz') start_time!: Date;
  @Column('timestamptz', { nullable: true }) finish_time!: Date | null;
  @Column('text', { nullable: true }) result!: string | null;
  @Column('text', { nullable: true }) traceback!: string | null;
}
