import type { QuizQuestion } from './course.types.js';

export interface CueWarning {
  line: number;
  message: string;
}

/** Where each question is in quiz.yaml (parallel to the questions), and the `questions` key. */
export interface QuizLines {
  questions: number;
  each: number[];
}

/**
 * Patterns a test-wise learner can score on without reading the course: the key is usually the longest
 * option, or every "choose all that apply" has the same number of right options. Warnings, not
 * problems: the quiz still works, but it measures less than it seems to.
 */
export function answerCueWarnings(questions: QuizQuestion[], lines: QuizLines): CueWarning[] {
  return [longestIsRight(questions, lines), sameNumberRight(questions, lines)].flatMap((warning) => (warning ? [warning] : []));
}

/** The key is the longest option (strictly: a tie gives nothing away) in more than half of the single-answer questions. */
function longestIsRight(questions: QuizQuestion[], lines: QuizLines): CueWarning | undefined {
  const singles = questions.flatMap((question, index) => (question.type === 'single' ? [{ question, line: lines.each[index] }] : []));
  const cued = singles.filter(({ question }) => keyIsLongest(question));
  if (cued.length === 0 || cued.length <= singles.length / 2) return undefined;
  return {
    line: cued[0].line ?? lines.questions,
    message:
      `the right answer is the longest option in ${cued.length} of ${singles.length} single-answer questions; ` +
      'a learner can pass by picking the longest: make a wrong option the longest in some of them',
  };
}

function keyIsLongest(question: QuizQuestion): boolean {
  const key = question.options.find((option) => option.id === question.answer[0]);
  if (!key) return false;
  return question.options.every((option) => option === key || option.text.length < key.text.length);
}

/** At least three multiple-answer questions, and each has the same number of right options. */
function sameNumberRight(questions: QuizQuestion[], lines: QuizLines): CueWarning | undefined {
  const multiples = questions.flatMap((question, index) => (question.type === 'multiple' ? [{ question, line: lines.each[index] }] : []));
  if (multiples.length < 3) return undefined;
  const count = multiples[0].question.answer.length;
  if (multiples.some(({ question }) => question.answer.length !== count)) return undefined;
  return {
    line: multiples[0].line ?? lines.questions,
    message:
      `every 'choose all that apply' question has exactly ${count} right option${count === 1 ? '' : 's'} ` +
      `(${multiples.length} questions); a learner who notices can pass by choosing ${count}: vary how many are right`,
  };
}
