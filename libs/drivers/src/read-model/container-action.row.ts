import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Zun's container_actions: one row per request event, finished by its outcome event. Keyed by
 * that request event's id in the log, so no value a client sends can make two actions one row.
 */
@Entity({ name: 'container_actions' })
@Index('container_actions_container', ['container_uuid', 'start_time'])
@Index('container_actions_project', ['project_id', 'start_time'])
@Index('container_actions_request', ['container_uuid', 'request_id'])
export class ContainerActionRow {
  /** The log id of the request event that opened the action. */
  @PrimaryColumn('uuid') id!: string;
  /**
   * Zun's request_id: the id Berth made for the request, echoed in its `x-openstack-request-id`
   * (or the name of Berth's own work, such as a heal). Outcomes find their action by it.
   */
  @Column('text') request_id!: string;
  /** The caller's own `X-Openstack-Request-Id`, if it sent a well-formed one; metadata only. */
  @Column('text', { nullable: true }) global_request_id!: string | null;
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
