import type { QuizQuestion } from '../../src/courses/course.types.js';
import { type QuizResult, scoreQuiz } from '../../src/learning/quiz-scoring.js';
import { pick, type Random, shuffle } from './random.js';

/** How a question tends to be answered: how often right, and the distractor most people fall for. */
interface QuestionHabit {
  pRight: number;
  favouriteWrong: string;
}

/**
 * Simulated learners answering a course's quiz. Each question gets its own difficulty (60–97% right on a
 * first try) and a favourite wrong option, so the quiz-item statistics have something to find.
 */
export class QuizAnswers {
  private readonly habits = new Map<string, QuestionHabit>();

  constructor(
    private readonly quiz: QuizQuestion[],
    private readonly passingScore: number,
    private readonly random: Random,
  ) {
    for (const question of quiz) {
      const wrong = question.options.filter((o) => !question.answer.includes(o.id));
      this.habits.set(question.id, {
        pRight: 0.6 + 0.37 * random(),
        favouriteWrong: wrong.length > 0 ? pick(wrong, random).id : question.answer[0],
      });
    }
  }

  /** One attempt that passes or fails as asked, with its real score; a failing attempt has lower odds. */
  attempt(wantPass: boolean): { chosen: Map<string, string[]>; result: QuizResult } {
    const right = new Map<string, boolean>();
    for (const question of this.quiz) {
      const habit = this.habits.get(question.id) as QuestionHabit;
      right.set(question.id, this.random() < (wantPass ? habit.pRight : habit.pRight - 0.25));
    }
    // Nudge the answers (random questions first) until the real scoring agrees with the outcome wanted.
    const order = shuffle([...this.quiz], this.random);
    const score = () => Math.floor((100 * [...right.values()].filter(Boolean).length) / this.quiz.length);
    for (const question of order) {
      if (score() >= this.passingScore === wantPass) break;
      if (right.get(question.id) !== wantPass) right.set(question.id, wantPass);
    }
    const chosen = new Map(this.quiz.map((q) => [q.id, right.get(q.id) ? [...q.answer] : this.wrong(q)]));
    const result = scoreQuiz(this.quiz, chosen, this.passingScore);
    if (result.passed !== wantPass) throw new Error('quiz simulation: outcome does not match the scoring');
    return { chosen, result };
  }

  /** A wrong answer: mostly the favourite distractor; for "select all", one option missed or one too many. */
  private wrong(question: QuizQuestion): string[] {
    const habit = this.habits.get(question.id) as QuestionHabit;
    const wrongOptions = question.options.filter((o) => !question.answer.includes(o.id)).map((o) => o.id);
    if (question.type === 'single') {
      return this.random() < 0.6 || wrongOptions.length === 0
        ? [habit.favouriteWrong]
        : [pick(wrongOptions, this.random)];
    }
    if (question.answer.length > 1 && (this.random() < 0.5 || wrongOptions.length === 0)) {
      const missed = pick(question.answer, this.random);
      return question.answer.filter((id) => id !== missed);
    }
    const extra = this.random() < 0.6 ? habit.favouriteWrong : pick(wrongOptions, this.random);
    return [...question.answer, extra];
  }
}
