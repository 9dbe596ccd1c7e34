import type { ProgramEdition } from '../courses/course.types.js';
import type { ProgramsRepository } from '../programs/programs.repository.js';
import { DEMO_ACCOUNTS } from './demo-roster.js';

/** The shipped practitioner program, when the courses folder has it. */
export const DEMO_PROGRAM_ID = 'carma-practitioner';

/**
 * Who is in the practitioner program in the demo: the demo learner (so their Programs page shows one
 * in progress), the demo trainer, and a few more, enrolled by HR as a district would.
 */
export function demoCohort(): string[] {
  const [learner, trainer] = DEMO_ACCOUNTS.map((a) => a.employeeId);
  return [
    learner,
    trainer,
    ...Array.from({ length: 8 }, (_, i) => `DEMO-${String(110 + i).padStart(4, '0')}`),
  ];
}

export async function seedDemoProgram(
  programs: ProgramsRepository,
  program: ProgramEdition,
  people: string[],
  at: Date,
): Promise<number> {
  const staff = await programs.staffByEmployeeIds(people);
  const ids = people.flatMap((id) => {
    const member = staff.get(id);
    return member && member.status !== 'inactive' ? [member.id] : [];
  });
  return programs.enrol(program, ids, 'hr', at);
}
