import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Assignment } from './assignment.entity.js';

@Entity('module_progress')
@Index('IDX_module_progress_assignment_module', ['assignmentId', 'moduleId'], { unique: true })
export class ModuleProgress {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'assignment_id', type: 'integer' })
  assignmentId: number;

  @ManyToOne(() => Assignment, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'FK_module_progress_assignment' })
  assignment?: Assignment;

  @Column({ name: 'module_id', type: 'varchar', length: 64 })
  moduleId: string;

  /** The module text the person marked as read. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'completed_at', type: Date })
  completedAt: Date;
}
