import { localDay, startOfLocalDay } from '../common/clock.js';
import type { Database } from '../database/database.js';
import { addDays } from '../learning/assignment-rules.js';
import { hoursX100 } from '../sessions/session-rules.js';
import type { TrainingSessionsRepository } from '../sessions/training-sessions.repository.js';
import { DEMO_ACCOUNTS } from './demo-roster.js';

/** A local time on the day `days` from today. */
function at(today: string, days: number, hour: number, minute: number): Date {
  const moment = startOfLocalDay(addDays(today, days));
  moment.setHours(hour, minute);
  return moment;
}

const demoStaff = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `DEMO-${String(from + i).padStart(4, '0')}`);

/**
 * A few facilitated sessions, so the demo shows the feature: two of the practitioner program (when it
 * is loaded) with the cohort's attendance, one last week with its attendance taken,
 * one next week that is full with a wait-list (the demo learner waits), and an online one the demo
 * learner holds a seat at. The demo trainer facilitates them all.
 */
export async function seedDemoSessions(
  database: Database,
  sessions: TrainingSessionsRepository,
  now: Date,
  program: { id: string; people: string[] } | null,
): Promise<number> {
  const today = localDay(now);
  const [learner, trainer] = DEMO_ACCOUNTS.map((a) => a.employeeId);
  // Two past sessions of the practitioner program, attended by most of its cohort.
  const cohort = program
    ? [-40, -12].map((days, i) => ({
        title:
          i === 0
            ? 'Practitioner cohort: leading a community circle'
            : 'Practitioner cohort: coaching a colleague',
        programId: program.id,
        startsAt: at(today, days, 13, 0),
        endsAt: at(today, days, 15, 0),
        location: 'District Office, Room 204',
        capacity: 24,
        pdHours: 2,
        registered: program.people,
        attended: program.people.slice(0, program.people.length - 1 - i),
      }))
    : [];
  const plans = [
    ...cohort,
    {
      title: 'Regulation first: a practice circle',
      startsAt: at(today, -9, 15, 30),
      endsAt: at(today, -9, 17, 0),
      location: 'District Office, Board Room',
      capacity: 20,
      pdHours: 1.5,
      registered: demoStaff(20, 14),
      attended: [...demoStaff(20, 11), demoStaff(60, 1)[0]],
    },
    {
      title: 'De-escalation in the hallway',
      startsAt: at(today, 4, 15, 45),
      endsAt: at(today, 4, 17, 0),
      location: 'Elm Street Elementary, Library',
      capacity: 6,
      pdHours: 1.25,
      registered: [...demoStaff(40, 6), ...demoStaff(50, 2), learner],
      attended: [],
    },
    {
      title: 'Partnering with families after a hard year',
      startsAt: at(today, 11, 16, 0),
      endsAt: at(today, 11, 17, 30),
      location: 'https://meet.example.org/hearth-families',
      capacity: 40,
      pdHours: 1.5,
      registered: [learner, ...demoStaff(70, 8)],
      attended: [],
    },
  ];
  const ids = [...new Set(plans.flatMap((p) => [...p.registered, ...p.attended, trainer]))];
  const staff = await sessions.staffByEmployeeIds(ids);
  const idOf = (employeeId: string) => staff.get(employeeId)?.id;
  await database.transaction(async () => {
    for (const plan of plans) {
      const id = await sessions.create(
        { programId: null, ...plan, courseId: null, pdHoursX100: hoursX100(plan.pdHours) },
        now,
      );
      const lead = idOf(trainer);
      if (lead) await sessions.replaceFacilitators(id, [lead]);
      // One after the other, a minute apart, as people signed up: the last ones wait.
      let taken = 0;
      for (const [n, employeeId] of plan.registered.entries()) {
        const staffId = idOf(employeeId);
        if (!staffId) continue;
        const status = taken < plan.capacity ? 'registered' : 'waitlisted';
        if (status === 'registered') taken++;
        await sessions.register(id, staffId, status, new Date(now.getTime() - (60 - n) * 60_000));
      }
      const present = plan.attended.map(idOf).filter((staffId): staffId is number => staffId !== undefined);
      if (present.length) await sessions.replaceAttendance(id, present, plan.endsAt);
    }
  });
  return plans.length;
}
