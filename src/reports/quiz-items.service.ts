import { Injectable, NotFoundException } from '@nestjs/common';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { CourseEdition } from '../courses/course.types.js';
import { ReportsRepository } from './reports.repository.js';

export interface QuizItemStats {
  id: string;
  prompt: string;
  type: 'single' | 'multiple';
  attempts: number;
  correct: number;
  /** correct ÷ attempts, 0–1; null before anyone tried. */
  shareCorrect: number | null;
  /** The wrong option chosen most often (null when no wrong option was ever chosen). */
  mostChosenWrong: { id: string; text: string; chosen: number; share: number } | null;
}

export interface QuizItemsReport {
  courseId: string;
  edition: string;
  title: string;
  attempts: number;
  questions: QuizItemStats[];
}

const share = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 10_000;

/** Per question of one edition's quiz: how many got it right, and which wrong answer draws people. */
@Injectable()
export class QuizItemsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly catalog: CourseCatalog,
  ) {}

  edition(courseId: string, edition?: string): CourseEdition {
    const course = edition
      ? this.catalog.find(courseId, edition, { drafts: true })
      : this.catalog.current(courseId);
    if (!course) throw new NotFoundException(`No course ${courseId}${edition ? ` edition ${edition}` : ''}`);
    return course;
  }

  async report(courseId: string, edition?: string): Promise<QuizItemsReport> {
    const course = this.edition(courseId, edition);
    const counts = await this.reports.quizItemCounts(course.id, course.edition);
    return {
      courseId: course.id,
      edition: course.edition,
      title: course.title,
      attempts: counts.attempts,
      questions: course.quiz.map((question) => {
        const correct = counts.correct.get(question.id) ?? 0;
        const chosen = counts.chosen.get(question.id) ?? new Map<string, number>();
        let wrong: QuizItemStats['mostChosenWrong'] = null;
        for (const option of question.options) {
          const times = chosen.get(option.id) ?? 0;
          if (question.answer.includes(option.id) || times === 0) continue;
          if (!wrong || times > wrong.chosen) {
            wrong = { id: option.id, text: option.text, chosen: times, share: share(times, counts.attempts) };
          }
        }
        return {
          id: question.id,
          prompt: question.prompt,
          type: question.type,
          attempts: counts.attempts,
          correct,
          shareCorrect: counts.attempts ? share(correct, counts.attempts) : null,
          mostChosenWrong: wrong,
        };
      }),
    };
  }
}
