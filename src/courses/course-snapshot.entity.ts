import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A published course edition as it loaded without problems: the text files the loader read (JSON, see
 * EditionFiles), kept by content hash. It is what a completion with that hash was completed on, and what
 * Hearth serves when the edition's files later fail the check.
 */
@Entity('course_snapshots')
@Index('IDX_course_snapshots_hash', ['courseId', 'edition', 'contentHash'], { unique: true })
export class CourseSnapshot {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'course_id', type: 'varchar', length: 64 })
  courseId: string;

  @Column({ type: 'varchar', length: 16 })
  edition: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ type: 'text' })
  files: string;

  @Column({ name: 'stored_at', type: Date })
  storedAt: Date;

  /** When the files last loaded as this version (a revert to it makes it the newest again). */
  @Column({ name: 'good_at', type: Date })
  goodAt: Date;
}
