export interface CourseProblem {
  /** Path relative to the courses folder, with forward slashes. */
  file: string;
  line: number;
  message: string;
}

export interface QuizOption {
  id: string;
  text: string;
}

export interface QuizQuestion {
  id: string;
  type: 'single' | 'multiple';
  prompt: string;
  options: QuizOption[];
  /** The correct option ids (one for `single`). Never sent to learners. */
  answer: string[];
  explanation: string;
}

export interface CourseModule {
  id: string;
  title: string;
  minutes: number;
  contentNote: string | null;
  /** Whether it asks for a reflection (a `::: reflection` callout): learners get a private text box. */
  reflection: boolean;
  /** Who reads it: `all` (everyone the course is assigned to) or some of the course's job roles. */
  audienceRoles: 'all' | string[];
  html: string;
  /** SHA-256 of the module file: which text a person read. */
  contentHash: string;
}

export type ResourceKind = 'references' | 'job-aid';

/** A page beside the modules (resources/*.md): the references, or a job aid printed on one sheet. */
export interface CourseResource {
  id: string;
  title: string;
  kind: ResourceKind;
  summary: string | null;
  html: string;
  /** SHA-256 of the resource file. */
  contentHash: string;
}

/**
 * A prompt that comes back after the course (followups/*.md): `days` after the person completed it,
 * something to try and a question to reflect on.
 */
export interface CourseFollowUp {
  id: string;
  title: string;
  days: number;
  html: string;
  /** SHA-256 of the follow-up file. */
  contentHash: string;
}

/** One statement of a course's attitude survey, answered on the survey's five-point scale. */
export interface SurveyItem {
  id: string;
  statement: string;
  /** Worded so that agreeing is the less trauma-informed attitude (readers of the report flip it). */
  reverse: boolean;
}

/** The anonymous before-and-after survey (survey.yaml, optional). */
export interface CourseSurvey {
  intro: string;
  /** The five labels, from the least to the most agreement (value 1 to 5). */
  scale: string[];
  items: SurveyItem[];
}

export interface CourseEdition {
  id: string;
  edition: string;
  title: string;
  summary: string;
  audienceRoles: 'all' | string[];
  opensOn: string;
  dueDate: string;
  newHireDueDays: number;
  estimatedMinutes: number;
  pdHours: number;
  passingScore: number;
  attestation: string | null;
  draft: boolean;
  overviewHtml: string;
  modules: CourseModule[];
  quiz: QuizQuestion[];
  /** The references page and job aids, in file-name order (none when there is no resources/ folder). */
  resources: CourseResource[];
  /** The follow-ups, soonest first (none when there is no followups/ folder). */
  followUps: CourseFollowUp[];
  /** Shown on the quiz page before the first question, with the support text (quiz.yaml `contentNote`). */
  quizContentNote: string | null;
  /** The anonymous attitude survey asked before and after, if the edition has a survey.yaml. */
  survey: CourseSurvey | null;
  /** SHA-256 over the course file, every module, the quiz, every resource, every follow-up and the survey (if any). */
  contentHash: string;
  /** Absolute path of the edition's folder (images are served from inside it only). */
  dir: string;
  /** The folder relative to the courses folder, e.g. `carma/2026-27`. */
  folder: string;
}

/** One edition folder found on disk, loaded or not, with its problems (for the trainer's list). */
export interface FoundEdition {
  folder: string;
  id?: string;
  edition?: string;
  title?: string;
  draft: boolean;
  problems: CourseProblem[];
  /** Served anyway, but worth a look (answer cues in the quiz). */
  warnings: CourseProblem[];
  course?: CourseEdition;
  /**
   * Set when the files have problems and `course` is the edition's last good version, loaded from its
   * stored snapshot instead: when that version last loaded from the files.
   */
  lastGoodAt?: Date;
}

export interface CourseLoad {
  found: FoundEdition[];
  /** The editions Hearth serves: those without problems, and the last good version of a published one whose files have problems. */
  courses: CourseEdition[];
  /** Program folders (with program.md), loaded or not, and the programs without problems. */
  foundPrograms: FoundProgram[];
  programs: ProgramEdition[];
  problems: CourseProblem[];
  warnings: CourseProblem[];
}

/** A course edition a program requires. */
export interface ProgramCourse {
  courseId: string;
  edition: string;
}

/**
 * A program: courses, a number of attended sessions and an optional practicum, finished within a
 * period, for an audience (job roles and/or sites) or the people HR enrols. Authored as `program.md`
 * in an edition folder beside the courses.
 */
export interface ProgramEdition {
  id: string;
  edition: string;
  title: string;
  summary: string;
  courses: ProgramCourse[];
  sessionsRequired: number;
  opensOn: string;
  /** The last day to finish every part. */
  finishBy: string;
  /** Who is in it without HR enrolling them: people in these job roles (null: any) at these sites (null: any); both null: HR's enrolment only. */
  audienceRoles: string[] | 'all' | null;
  audienceSites: string[] | null;
  /** The hours the program adds beyond its courses and sessions, which count on their own (its practicum). */
  pdHours: number;
  /** The statement a person gives when their practicum is done; null: no practicum. */
  practicum: string | null;
  draft: boolean;
  overviewHtml: string;
  /** SHA-256 of program.md. */
  contentHash: string;
  folder: string;
}

export interface FoundProgram {
  folder: string;
  id?: string;
  edition?: string;
  title?: string;
  draft: boolean;
  problems: CourseProblem[];
  program?: ProgramEdition;
}
