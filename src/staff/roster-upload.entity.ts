import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A roster CSV uploaded on the import page, kept between the dry run and the confirmation. */
@Entity('roster_uploads')
export class RosterUpload {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'integer' })
  accountId: number;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Column({ type: 'boolean' })
  sync: boolean;

  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
