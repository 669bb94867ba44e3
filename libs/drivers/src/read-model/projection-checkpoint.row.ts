import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a projection stands in the log; committed in the same transaction as its rows. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointRow {
  @PrimaryColumn('text') name!: string;
  /** `commit:prepare`, see formatPosition. */
  @Column('text') position!: string;
  @Column('timestamptz') updated_at!: Date;
}
