import { describe, expect, it } from '@jest/globals';
import type { QuizQuestion } from '../courses/course.types.js';
import { readAnswers, scoreQuiz } from './quiz-scoring.js';

const options = [
  { id: 'a', text: 'A' },
  { id: 'b', text: 'B' },
  { id: 'c', text: 'C' },
];
const quiz: QuizQuestion[] = [
  { id: 'q1', type: 'single', prompt: 'One?', options, answer: ['b'], explanation: 'B is right.' },
  { id: 'q2', type: 'multiple', prompt: 'Many?', options, answer: ['a', 'c'], explanation: 'A and C.' },
  { id: 'q3', type: 'single', prompt: 'Three?', options, answer: ['c'], explanation: 'C.' },
];
const chosen = (answers: unknown) => {
  const read = readAnswers(quiz, answers);
  if ('errors' in read) throw new Error(read.errors.join('; '));
  return read.chosen;
};

describe('readAnswers', () => {
  it('accepts an option id, or a list of them', () => {
    expect([...chosen({ q1: 'b', q2: ['a', 'c'], q3: ['c'] })]).toEqual([
      ['q1', ['b']],
      ['q2', ['a', 'c']],
      ['q3', ['c']],
    ]);
  });

  it('names every problem: unknown questions and options, missing answers, two options for one', () => {
    expect(readAnswers(quiz, { q1: ['a', 'b'], q2: ['z'], q9: 'a' })).toEqual({
      errors: [
        'answers.q9 is not a question of this quiz',
        'answers.q1 takes one option',
        'answers.q2: "z" is not one of its options',
        'answers.q3 is missing: answer every question',
      ],
    });
  });

  it('refuses answers that are not a map', () => {
    expect(readAnswers(quiz, ['b'])).toEqual({
      errors: [expect.stringContaining('answers must be an object')],
    });
    expect(readAnswers(quiz, { q1: 7, q2: ['a'], q3: 'c' })).toEqual({
      errors: ['answers.q1 must be an option id or a list of option ids'],
    });
  });
});

describe('scoreQuiz', () => {
  it('scores all right as 100 and passed', () => {
    expect(scoreQuiz(quiz, chosen({ q1: 'b', q2: ['c', 'a'], q3: 'c' }), 80)).toMatchObject({
      score: 100,
      passed: true,
    });
  });

  it('counts a multiple-choice question right only with exactly its options', () => {
    const result = scoreQuiz(quiz, chosen({ q1: 'b', q2: ['a'], q3: 'c' }), 80);
    expect(result.score).toBe(66);
    expect(result.passed).toBe(false);
    expect(result.results).toEqual([
      { questionId: 'q1', correct: true, explanation: 'B is right.' },
      { questionId: 'q2', correct: false, explanation: 'A and C.' },
      { questionId: 'q3', correct: true, explanation: 'C.' },
    ]);
    expect(scoreQuiz(quiz, chosen({ q1: 'b', q2: ['a', 'b', 'c'], q3: 'c' }), 80).score).toBe(66);
  });

  it('passes at exactly the passing score', () => {
    expect(scoreQuiz(quiz, chosen({ q1: 'a', q2: ['a', 'c'], q3: 'c' }), 66)).toMatchObject({
      score: 66,
      passed: true,
    });
  });
});
