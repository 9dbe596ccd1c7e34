import { describe, expect, it } from '@jest/globals';
import type { CourseSurvey } from '../courses/course.types.js';
import { readSurveyAnswers } from './surveys.service.js';

const SURVEY: CourseSurvey = {
  intro: 'Hi',
  scale: ['1', '2', '3', '4', '5'],
  items: ['calm', 'voice', 'names'].map((id) => ({ id, statement: id, reverse: false })),
};

describe('readSurveyAnswers', () => {
  it('takes whole numbers from 1 to 5 for known items, any item left out or null', () => {
    const read = readSurveyAnswers(SURVEY, { calm: 1, voice: 5, names: null });
    expect(read).toEqual({
      values: new Map([
        ['calm', 1],
        ['voice', 5],
      ]),
    });
    expect(readSurveyAnswers(SURVEY, undefined)).toEqual({ values: new Map() });
  });

  it('names every unknown item and every value out of range or not a whole number', () => {
    expect(readSurveyAnswers(SURVEY, { calm: 0, voice: '4', nope: 3, names: 4.5 })).toEqual({
      errors: [
        'answers.calm must be a whole number from 1 to 5 (found 0)',
        'answers.voice must be a whole number from 1 to 5 (found "4")',
        'answers.nope: this survey has no item "nope" (items: calm, voice, names)',
        'answers.names must be a whole number from 1 to 5 (found 4.5)',
      ],
    });
  });

  it('refuses answers that are not an object of item ids', () => {
    for (const answers of [[4, 5], 'calm=4', 4])
      expect(readSurveyAnswers(SURVEY, answers)).toEqual({
        errors: ['answers must be an object of item id: a whole number from 1 to 5'],
      });
  });
});
