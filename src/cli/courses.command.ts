import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadCourses } from '../courses/course-loader.js';
import { cliConfig } from './context.js';

export function registerCourses(program: Command): void {
  const courses = program.command('courses').description('The Markdown courses');
  courses
    .command('check')
    .description('check every course edition and print each problem as FILE:LINE: message')
    .argument('[dir]', 'the courses folder (default: COURSES_DIR, else ./courses)')
    .action((dir?: string) => {
      const config = cliConfig();
      const root = dir ? resolve(dir) : config.coursesDir;
      const result = loadCourses(root, config.jobRoleIds, config.district);
      for (const problem of result.problems) {
        const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
        console.error(`${where}: ${problem.message}`);
      }
      // Warnings (answer cues) are printed but never fail the check: the editions are still served.
      for (const warning of result.warnings)
        console.error(`${warning.file}:${warning.line}: warning: ${warning.message}`);
      const editions = result.found.length;
      const programs = result.foundPrograms.length;
      const found = `${editions} course edition${editions === 1 ? '' : 's'}${programs ? ` and ${programs} program${programs === 1 ? '' : 's'}` : ''}`;
      const ready = result.courses.length + result.programs.length;
      const summary = `${found} in ${root}: ${ready} ready, ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}${warnings(result.warnings.length)}`;
      if (result.problems.length > 0) {
        console.error(summary);
        process.exitCode = 1;
      } else {
        for (const course of result.courses) {
          const forSome = course.modules.filter((module) => module.audienceRoles !== 'all').length;
          const modules = `${course.modules.length} modules${forSome ? ` (${forSome} for some roles only)` : ''}`;
          console.log(
            `ok  ${course.folder}  ${course.title}${course.draft ? ' (draft)' : ''}: ${modules}, ${course.quiz.length} questions${extra(course.resources.length, 'resource')}${extra(course.followUps.length, 'follow-up')}${course.survey ? `, a survey of ${course.survey.items.length} statements` : ''}`,
          );
        }
        for (const program of result.programs) {
          const parts = [
            `${program.courses.length} course${program.courses.length === 1 ? '' : 's'}`,
            `${program.sessionsRequired} session${program.sessionsRequired === 1 ? '' : 's'}`,
            ...(program.practicum ? ['a practicum'] : []),
          ];
          console.log(
            `ok  ${program.folder}  ${program.title}${program.draft ? ' (draft)' : ''}: program of ${parts.join(', ')}`,
          );
        }
        console.log(summary);
      }
    });
}

const warnings = (count: number) => (count === 0 ? '' : `, ${count} warning${count === 1 ? '' : 's'}`);
/** ", 2 resources", or nothing when there are none. */
const extra = (count: number, what: string) =>
  count === 0 ? '' : `, ${count} ${what}${count === 1 ? '' : 's'}`;
