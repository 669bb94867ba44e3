import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An image Berth knows of on one host, from its `image-<uuid>` stream: pulled there by a user, or
 * made there by a container commit. A deleted image has no row.
 */
@Entity({ name: 'images' })
@Index('images_project', ['project_id', 'created_at', 'uuid'])
export class ImageRow {
  @PrimaryColumn('uuid') uuid!: string;
  @Column('text') project_id!: string;
  @Column('text') user_id!: string;
  @Column('text') repo!: string;
  @Column('text') tag!: string;
  @Column('text') host!: string;
  /** Docker's image id (sha256:...); null until the pull has finished. */
  @Column('text', { nullable: true }) image_id!: string | null;
  /** Bytes; pg returns bigint as a string. */
  @Column('bigint', { nullable: true }) size!: string | null;
  @Column('text') status!: string;
  @Column('text', { nullable: true }) status_reason!: string | null;
  @Column('uuid', { nullable: true }) container_uuid!: string | null;
  @Column('text') position!: string;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;
}
