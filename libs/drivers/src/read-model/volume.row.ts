import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A project's named volume on one host, from the ContainerVolumeAttached/Detached events of its
 * containers. A named volume outlives its containers, so its row stays when they are gone; the
 * scheduler reads it to place a container on the host that holds the volume it mounts.
 */
@Entity({ name: 'volumes' })
@Index('volumes_project_name', ['project_id', 'name'])
export class VolumeRow {
  /** `<host>/<docker_volume>`: one key column, as every read table has. */
  @PrimaryColumn('text') id!: string;
  @Column('text') host!: string;
  /** The engine's name, unique on its host. */
  @Column('text') docker_volume!: string;
  @Column('text') project_id!: string;
  /** The user's name (Zun's mount `source`). */
  @Column('text') name!: string;
  /** GB as first asked; recorded, not enforced. */
  @Column('integer', { nullable: true }) size!: number | null;
  /** The containers that mount it now (uuids). */
  @Column('jsonb', { default: [] }) containers!: string[];
  @Column('text') position!: string;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;
}
