import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small facts about this installation (e.g. that the demo district was seeded). */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
