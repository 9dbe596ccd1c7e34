import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One day's reminder run: claimed by one process at a time, finished once (1765000000000-reminders). */
@Entity('reminder_runs')
@Index('IDX_reminder_runs_day', ['day'], { unique: true })
export class ReminderRun {
  @PrimaryGeneratedColumn()
  id: number;

  /** YYYY-MM-DD */
  @Column({ type: 'date' })
  day: string;

  /** The run holding the claim (a random id per run). */
  @Column({ type: 'varchar', length: 64 })
  owner: string;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  /** The claim lapses then unless renewed: another run takes over a crashed one after it. */
  @Column({ name: 'claimed_until', type: Date })
  claimedUntil: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'learner_digests', type: 'integer', default: 0 })
  learnerDigests: number;

  @Column({ name: 'site_digests', type: 'integer', default: 0 })
  siteDigests: number;
}
