import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A school or office, created on first sight in a roster import. */
@Entity('sites')
@Index('IDX_sites_code', ['code'], { unique: true })
/** The staff list sorted by site walks the sites in name order and each site's staff by name. */
@Index('IDX_sites_name', ['name', 'code'])
export class Site {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;
}
