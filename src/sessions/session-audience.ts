import { Injectable, Optional } from '@nestjs/common';
import { ProgramsService } from '../programs/programs.service.js';
import type { TrainingSession } from './training-session.entity.js';
import { TrainingSessionsRepository } from './training-sessions.repository.js';

/**
 * Who a session is for, decided in one place for the list and for registering: a course's session is
 * for the people assigned that course, a program's for the people in that program, and a session of
 * neither for all active staff.
 */
@Injectable()
export class SessionAudience {
  constructor(
    private readonly sessions: TrainingSessionsRepository,
    @Optional() private readonly programs?: ProgramsService,
  ) {}

  /** Why the person may not join (words for a 403), or null when they may. */
  async refusal(
    session: Pick<TrainingSession, 'courseId' | 'programId'>,
    staffId: number,
  ): Promise<string | null> {
    if (session.courseId && !(await this.sessions.isAssignedCourse(staffId, session.courseId)))
      return `This session belongs to the course "${session.courseId}"`;
    if (session.programId && this.programs && !(await this.programs.isIn(session.programId, staffId)))
      return `This session belongs to the program "${session.programId}"`;
    return null;
  }
}
