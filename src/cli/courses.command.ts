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
      const summary = `${editions} course edition${editions === 1 ? '' : 's'} in ${root}: ${result.courses.length} ready, ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}${warnings(result.warnings.length)}`;
      if (result.problems.length > 0) {
        console.error(summary);
        process.exitCode = 1;
      } else {
        for (const course of result.courses) {
          console.log(
            `ok  ${course.folder}  ${course.title}${course.draft ? ' (draft)' : ''}: ${course.modules.length} modules, ${course.quiz.length} questions${resourceCount(course.resources.length)}`,
          );
        }
        console.log(summary);
      }
    });
}

const warnings = (count: number) => (count === 0 ? '' : `, ${count} warning${count === 1 ? '' : 's'}`);
const resourceCount = (count: number) => (count === 0 ? '' : `, ${count} resource${count === 1 ? '' : 's'}`);
