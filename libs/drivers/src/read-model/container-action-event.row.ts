import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Zun's container_actions_events: the steps of one action (its attempts, volumes, outcome). */
@Entity({ name: 'container_action_events' })
@Index('container_action_events_action', ['action_id'])
export class ContainerActionEventRow {
  /** The step's event id in the log. */
  @PrimaryColumn('uuid') id!: string;
  /** The action (ContainerActionRow.id) this step belongs to. */
  @Column('uuid') action_id!: string;
  /**
   * The step's revision in its container stream: an action's steps in the order they happened,
   * even when they share their times (a create's mounts). 0 for a step converted from the tables
   * of an older Berth, which did not keep it.
   */
  @Column('integer') revision!: number;
  @Column('text') event!: string;
  @Column('timestamptz') start_time!: Date;
  @Column('timestamptz', { nullable: true }) finish_time!: Date | null;
  @Column('text', { nullable: true }) result!: string | null;
  @Column('text', { nullable: true }) traceback!: string | null;
}
