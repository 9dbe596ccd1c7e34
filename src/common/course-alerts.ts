import { Global, Injectable, Module } from '@nestjs/common';

/** A problem in a course file, as the loader reports it. */
export interface AlertProblem {
  file: string;
  line: number;
  message: string;
}

/** A published edition whose files fail the check. */
export interface CourseAlert {
  folder: string;
  title: string;
  /** When the version learners still get was last loaded from the files; null: nothing is served. */
  lastGoodAt: Date | null;
  problems: AlertProblem[];
}

/**
 * The published course editions whose files have problems, as the latest course load found them: the
 * catalog sets them, and every page shows them to trainers, HR and admins until a load finds the files
 * fixed. Here rather than in courses/ so that the pages' layout can read them without depending on it.
 */
@Injectable()
export class CourseAlerts {
  private alerts: readonly CourseAlert[] = [];

  set(alerts: readonly CourseAlert[]): void {
    this.alerts = alerts;
  }

  get current(): readonly CourseAlert[] {
    return this.alerts;
  }
}

@Global()
@Module({ providers: [CourseAlerts], exports: [CourseAlerts] })
export class CourseAlertsModule {}
