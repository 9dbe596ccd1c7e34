import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { xapiProblems } from '../../test/support/xapi.js';
import { type Actor, eventKey, type LearningEvent, statementFor } from './xapi-statements.js';

const course = { id: 'healing-centered', edition: '2026-27', title: 'Healing-Centered Schools' };
const account: Actor = {
  objectType: 'Agent',
  account: { homePage: 'https://hearth.district.org', name: 'E1042' },
};
const at = new Date('2026-11-23T14:05:00Z');
const make = (event: LearningEvent, actor: Actor = account) =>
  statementFor(event, { id: randomUUID(), actor, at, publicUrl: 'https://hearth.district.org' });

const EVENTS: LearningEvent[] = [
  { kind: 'module-completed', course, moduleId: 'why-it-matters', moduleTitle: 'Why It Matters' },
  { kind: 'quiz-attempted', course, score: 60, passed: false, passingScore: 80 },
  { kind: 'quiz-attempted', course, score: 90, passed: true, passingScore: 80 },
  { kind: 'course-completed', course, quizScore: 90, pdHours: 1.5 },
  {
    kind: 'program-completed',
    program: { id: 'new-staff', edition: '2026-27', title: 'New Staff' },
    pdHours: 3,
  },
  { kind: 'session-attended', sessionId: 7, title: 'Restorative circles, in person' },
];

describe('xAPI statements', () => {
  it.each(EVENTS.map((event): [string, LearningEvent] => [event.kind, event]))(
    'a %s statement meets the xAPI 1.0.3 rules',
    (_, event) => {
      expect(xapiProblems(make(event))).toEqual([]);
    },
  );

  it('says passed or failed with the scaled score', () => {
    const failed = make(EVENTS[1]);
    expect(failed.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed');
    expect(failed.result).toMatchObject({
      score: { scaled: 0.6, raw: 60, min: 0, max: 100 },
      success: false,
    });
    expect(make(EVENTS[2]).verb.id).toBe('http://adlnet.gov/expapi/verbs/passed');
  });

  it('names a module by an IRI under the course edition, with the course as its parent', () => {
    const statement = make(EVENTS[0]);
    expect(statement.object.id).toBe(
      'https://hearth.district.org/xapi/activities/courses/healing-centered/2026-27/modules/why-it-matters',
    );
    expect(statement.context).toMatchObject({
      contextActivities: {
        parent: [{ id: 'https://hearth.district.org/xapi/activities/courses/healing-centered/2026-27' }],
      },
    });
  });

  it('carries the PD hours of a completed course as a result extension', () => {
    expect(make(EVENTS[3]).result?.extensions).toEqual({
      'https://hearth.district.org/xapi/extensions/pd-hours': 1.5,
    });
  });

  it('fixes the timestamp to the moment of the event', () => {
    expect(make(EVENTS[0]).timestamp).toBe('2026-11-23T14:05:00.000Z');
  });

  it('gives one key per event, so a repeat writes nothing new', () => {
    const subject = { holder: 'staff-3', id: 12 };
    expect(eventKey(EVENTS[0], subject)).toBe('module:12:why-it-matters');
    expect(eventKey(EVENTS[3], subject)).toBe('course:12');
    expect(eventKey(EVENTS[5], subject)).toBe('session:7:staff-3');
  });

  it('the checks catch an actor with two identifiers and a relative object id', () => {
    const statement = make(EVENTS[0], { ...account, mbox: 'mailto:a@b.org' });
    expect(xapiProblems({ ...statement, object: { ...statement.object, id: 'module-1' } })).toEqual([
      'actor must have exactly one identifier, has 2',
      'object.id must be an IRI',
    ]);
  });
});
