import type { CourseEdition, CourseModule } from './course.types.js';

/** Whether a job role is in an audience: a course's (who is assigned it) or a module's (who reads it). */
export function inAudience(
  part: { audienceRoles: 'all' | readonly string[] },
  jobRole: string | null,
): boolean {
  return part.audienceRoles === 'all' || (jobRole !== null && part.audienceRoles.includes(jobRole));
}

/**
 * The modules a person in this job role reads: those for everyone, and those for their role. Null is no
 * job role (a community learner): the modules for everyone only.
 */
export function modulesFor(course: Pick<CourseEdition, 'modules'>, jobRole: string | null): CourseModule[] {
  return course.modules.filter((module) => inAudience(module, jobRole));
}

/**
 * The edition as a person in this job role takes it: its modules are theirs only, so what counts as
 * "every module read" (progress, completion, the attestation, reports) is decided by one list. The
 * content hash stays the edition's: it names the text, whoever reads which part of it.
 */
export function asTakenBy(course: CourseEdition, jobRole: string | null): CourseEdition {
  const modules = modulesFor(course, jobRole);
  // estimatedMinutes is written for what everyone reads; a role's own modules add theirs.
  const extra = modules.filter((module) => module.audienceRoles !== 'all').reduce((sum, m) => sum + m.minutes, 0);
  return { ...course, modules, estimatedMinutes: course.estimatedMinutes + extra };
}

/** "Only for administrators and counselors" for a module with its own audience; null for everyone's. */
export function audienceText(module: Pick<CourseModule, 'audienceRoles'>, roleLabel: (role: string) => string): string | null {
  if (module.audienceRoles === 'all') return null;
  const labels = module.audienceRoles.map((role) => roleLabel(role).toLowerCase());
  const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
  return `Only for ${list}`;
}
