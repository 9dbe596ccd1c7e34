/**
 * Hearth's learning events as xAPI 1.0.3 statements: pure, so the shapes are tested without a store.
 * Verbs and activity types are ADL's; activity ids are IRIs under PUBLIC_URL, stable for an edition.
 */

export type LearningEvent =
  | { kind: 'module-completed'; course: CourseRef; moduleId: string; moduleTitle: string }
  | { kind: 'quiz-attempted'; course: CourseRef; score: number; passed: boolean; passingScore: number }
  | { kind: 'course-completed'; course: CourseRef; quizScore: number | null; pdHours: number }
  | { kind: 'program-completed'; program: CourseRef; pdHours: number }
  | { kind: 'session-attended'; sessionId: number; title: string };

/** A course or program edition (a CourseEdition or ProgramEdition is one). */
export interface CourseRef {
  id: string;
  edition: string;
  title: string;
}

/** Exactly one inverse functional identifier, as xAPI requires of an Agent. */
export type Actor =
  | { objectType: 'Agent'; account: { homePage: string; name: string } }
  | { objectType: 'Agent'; mbox: string };

export interface Statement {
  id: string;
  actor: Actor;
  verb: { id: string; display: Record<string, string> };
  object: {
    objectType: 'Activity';
    id: string;
    definition: { name: Record<string, string>; type: string };
  };
  result?: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: string;
}

const ADL = 'http://adlnet.gov/expapi';
const VERBS = {
  completed: `${ADL}/verbs/completed`,
  passed: `${ADL}/verbs/passed`,
  failed: `${ADL}/verbs/failed`,
  attended: `${ADL}/verbs/attended`,
} as const;
export type Verb = keyof typeof VERBS;

const TYPES = {
  course: `${ADL}/activities/course`,
  module: `${ADL}/activities/module`,
  assessment: `${ADL}/activities/assessment`,
  meeting: `${ADL}/activities/meeting`,
};

const en = (text: string) => ({ 'en-US': text });
const segment = (text: string) => encodeURIComponent(text);

/** The IRIs of Hearth's activities and extensions under the district's PUBLIC_URL. */
export class Activities {
  constructor(private readonly publicUrl: string) {}

  course(course: CourseRef): string {
    return `${this.publicUrl}/xapi/activities/courses/${segment(course.id)}/${segment(course.edition)}`;
  }

  module(course: CourseRef, moduleId: string): string {
    return `${this.course(course)}/modules/${segment(moduleId)}`;
  }

  quiz(course: CourseRef): string {
    return `${this.course(course)}/quiz`;
  }

  program(program: CourseRef): string {
    return `${this.publicUrl}/xapi/activities/programs/${segment(program.id)}/${segment(program.edition)}`;
  }

  session(sessionId: number): string {
    return `${this.publicUrl}/xapi/activities/sessions/${sessionId}`;
  }

  get pdHours(): string {
    return `${this.publicUrl}/xapi/extensions/pd-hours`;
  }
}

/** The one event key per event: a second write of the same event is the same row. */
export function eventKey(event: LearningEvent, subject: { holder: string; id: number }): string {
  switch (event.kind) {
    case 'module-completed':
      return `module:${subject.id}:${event.moduleId}`;
    case 'quiz-attempted':
      return `quiz:${subject.id}`;
    case 'course-completed':
      return `course:${subject.id}`;
    case 'program-completed':
      return `program:${subject.id}`;
    case 'session-attended':
      return `session:${event.sessionId}:${subject.holder}`;
  }
}

export function verbOf(event: LearningEvent): Verb {
  switch (event.kind) {
    case 'quiz-attempted':
      return event.passed ? 'passed' : 'failed';
    case 'session-attended':
      return 'attended';
    case 'module-completed':
    case 'course-completed':
    case 'program-completed':
      return 'completed';
  }
}

/** The statement for an event; `id` and `at` are fixed by the caller when the event is written. */
export function statementFor(
  event: LearningEvent,
  who: { id: string; actor: Actor; at: Date; publicUrl: string },
): Statement {
  const activities = new Activities(who.publicUrl);
  const verb = verbOf(event);
  const base = {
    id: who.id,
    actor: who.actor,
    verb: { id: VERBS[verb], display: en(verb) },
    timestamp: who.at.toISOString(),
  };
  const platform = { platform: 'Hearth', language: 'en-US' };
  const activity = (id: string, name: string, type: string) => ({
    objectType: 'Activity' as const,
    id,
    definition: { name: en(name), type },
  });
  const parent = (course: CourseRef) => ({
    contextActivities: { parent: [activity(activities.course(course), course.title, TYPES.course)] },
  });
  switch (event.kind) {
    case 'module-completed':
      return {
        ...base,
        object: activity(activities.module(event.course, event.moduleId), event.moduleTitle, TYPES.module),
        result: { completion: true },
        context: { ...platform, ...parent(event.course) },
      };
    case 'quiz-attempted':
      return {
        ...base,
        object: activity(activities.quiz(event.course), `${event.course.title}: quiz`, TYPES.assessment),
        result: {
          score: { scaled: event.score / 100, raw: event.score, min: 0, max: 100 },
          success: event.passed,
          completion: true,
        },
        context: { ...platform, ...parent(event.course) },
      };
    case 'course-completed':
      return {
        ...base,
        object: activity(activities.course(event.course), event.course.title, TYPES.course),
        result: {
          completion: true,
          success: true,
          ...(event.quizScore === null
            ? {}
            : { score: { scaled: event.quizScore / 100, raw: event.quizScore, min: 0, max: 100 } }),
          extensions: { [activities.pdHours]: event.pdHours },
        },
        context: platform,
      };
    case 'program-completed':
      return {
        ...base,
        object: activity(activities.program(event.program), event.program.title, TYPES.course),
        result: { completion: true, success: true, extensions: { [activities.pdHours]: event.pdHours } },
        context: platform,
      };
    case 'session-attended':
      return {
        ...base,
        object: activity(activities.session(event.sessionId), event.title, TYPES.meeting),
        context: platform,
      };
  }
}
