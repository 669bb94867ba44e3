import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Zun's container_actions_events: the steps of one action (its attempts, volumes, outcome). */
@Entity({ name: 'container_action_events' })
@Index(['action_id'])
export class ContainerActionEventRow {
  /** The step's event id in the log. */
  @PrimaryColumn('uuid') id!: string;
  /** The action (ContainerActionRow.id) this step belongs to. */
  @Column('uuid') action_id!: string;
  @Column('text') event!: string;
  @Column('timestamptz') start_time!: Date;
  @Column('timestamptz', { nullable: true }) finish_time!: Date | null;
  @Column('text', { nullable: true }) result!: string | null;
  @Column('text', { nullable: true }) traceback!: string | null;
}
