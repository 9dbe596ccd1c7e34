import type { QuizQuestion } from '../courses/course.types.js';

export interface QuizResult {
  /** Percent of questions answered right, rounded down. */
  score: number;
  passed: boolean;
  results: { questionId: string; correct: boolean; explanation: string }[];
}

/**
 * Checks submitted answers against the quiz: every question answered, only its own options, one option
 * for single-choice questions. Returns the chosen options per question, or every problem found.
 */
export function readAnswers(
  quiz: QuizQuestion[],
  answers: unknown,
): { chosen: Map<string, string[]> } | { errors: string[] } {
  const errors: string[] = [];
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) {
    return {
      errors: ['answers must be an object mapping each question id to an option id or a list of option ids'],
    };
  }
  const given = answers as Record<string, unknown>;
  const chosen = new Map<string, string[]>();
  for (const key of Object.keys(given)) {
    if (!quiz.some((question) => question.id === key))
      errors.push(`answers.${key.slice(0, 64)} is not a question of this quiz`);
  }
  for (const question of quiz) {
    const value = given[question.id];
    const ids = value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
    if (ids.length === 0) {
      errors.push(`answers.${question.id} is missing: answer every question`);
      continue;
    }
    if (ids.some((id) => typeof id !== 'string')) {
      errors.push(`answers.${question.id} must be an option id or a list of option ids`);
      continue;
    }
    const unknown = (ids as string[]).find((id) => !question.options.some((option) => option.id === id));
    if (unknown !== undefined) {
      errors.push(`answers.${question.id}: "${unknown.slice(0, 64)}" is not one of its options`);
      continue;
    }
    const unique = [...new Set(ids as string[])];
    if (question.type === 'single' && unique.length > 1) {
      errors.push(`answers.${question.id} takes one option`);
      continue;
    }
    chosen.set(question.id, unique);
  }
  return errors.length > 0 ? { errors } : { chosen };
}

/** A question is right when exactly its correct options were chosen. */
export function scoreQuiz(
  quiz: QuizQuestion[],
  chosen: Map<string, string[]>,
  passingScore: number,
): QuizResult {
  const results = quiz.map((question) => {
    const picked = new Set(chosen.get(question.id) ?? []);
    const correct = picked.size === question.answer.length && question.answer.every((id) => picked.has(id));
    return { questionId: question.id, correct, explanation: question.explanation };
  });
  const right = results.filter((result) => result.correct).length;
  const score = quiz.length === 0 ? 0 : Math.floor((100 * right) / quiz.length);
  return { score, passed: score >= passingScore, results };
}
