import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DISTRICT_SETTINGS } from '../config/district-settings.js';
import { answerCueWarnings } from './answer-cues.js';
import type { QuizQuestion } from './course.types.js';
import { parseQuiz } from './quiz-loader.js';

/** A fixture quiz read as the loader reads it; a problem in the fixture fails the test. */
function cuesOf(name: string) {
  const problems: string[] = [];
  const quiz = parseQuiz(readFileSync(resolve('test/fixtures/quiz-cues', name), 'utf8'), (line, message) => problems.push(`${line}: ${message}`), DEFAULT_DISTRICT_SETTINGS);
  expect(problems).toEqual([]);
  return answerCueWarnings(quiz.questions, quiz.lines);
}

const single = (id: string, texts: string[], answer = 'a'): QuizQuestion => ({
  id,
  type: 'single',
  prompt: 'Which?',
  options: texts.map((text, index) => ({ id: String.fromCharCode(97 + index), text })),
  answer: [answer],
  explanation: 'Because.',
});

describe('answerCueWarnings', () => {
  it('warns when the key is the longest option in most single-answer questions, and when every multiple-answer question has as many right options', () => {
    expect(cuesOf('cued.yaml')).toEqual([
      { line: 4, message: expect.stringMatching(/^the right answer is the longest option in 3 of 3 single-answer questions;/) as unknown as string },
      { line: 34, message: expect.stringMatching(/^every 'choose all that apply' question has exactly 2 right options \(3 questions\);/) as unknown as string },
    ]);
  });

  it('is quiet when the longest option varies and the numbers of right options differ', () => {
    expect(cuesOf('uncued.yaml')).toEqual([]);
  });

  it('counts no cue at exactly half, nor when the key only ties for longest', () => {
    const half = [single('q1', ['longer key', 'short']), single('q2', ['short', 'longer one'])];
    expect(answerCueWarnings(half, { questions: 1, each: [2, 10] })).toEqual([]);
    const ties = [single('q1', ['same', 'size']), single('q2', ['same', 'size']), single('q3', ['longer key', 'short'])];
    expect(answerCueWarnings(ties, { questions: 1, each: [2, 10, 18] })).toEqual([]);
  });

  it('needs three multiple-answer questions before their counts say anything', () => {
    const multiple = (id: string): QuizQuestion => ({ ...single(id, ['x', 'y', 'z']), type: 'multiple', answer: ['a', 'b'] });
    expect(answerCueWarnings([multiple('m1'), multiple('m2')], { questions: 1, each: [2, 10] })).toEqual([]);
  });
});
