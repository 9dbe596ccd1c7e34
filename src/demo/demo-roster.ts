import type { RosterRow } from '../staff/roster-csv.js';

/** A small deterministic pseudo-random generator, so every demo district is the same. */
export function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_SITES: [string, string][] = [
  ['DEMO-ELM', 'Elm Street Elementary (demo)'],
  ['DEMO-OAK', 'Oak Grove Elementary (demo)'],
  ['DEMO-RIV', 'Riverside Elementary (demo)'],
  ['DEMO-LIN', 'Lincoln Park Elementary (demo)'],
  ['DEMO-HIL', 'Hillcrest Elementary (demo)'],
  ['DEMO-MAP', 'Maple Middle School (demo)'],
  ['DEMO-CED', 'Cedar Ridge Middle School (demo)'],
  ['DEMO-WAS', 'Washington Middle School (demo)'],
  ['DEMO-CEN', 'Central High School (demo)'],
  ['DEMO-EAS', 'Eastside High School (demo)'],
  ['DEMO-TRN', 'Transportation Center (demo)'],
  ['DEMO-DO', 'District Office (demo)'],
];

const FIRST = [
  'Maria',
  'James',
  'Aisha',
  'Nguyễn Thị',
  'Wei',
  'José',
  'Fatima',
  'Liam',
  'Sofía',
  'DeShawn',
  'Hannah',
  'Olumide',
  'Priya',
  'Mateo',
  'Zoë',
  'Kenji',
  'Amara',
  'Noah',
  'Lucía',
  'Tariq',
  'Emily',
  'Jamal',
  'Chloé',
  'Dmitri',
  'Ayasha',
];
const LAST = [
  'Garcia',
  'Johnson',
  'Okafor',
  'Hồng',
  'Chen',
  'Hernández',
  'Rahman',
  'Murphy',
  'Martínez',
  'Williams',
  'Kowalski',
  'Adeyemi',
  'Patel',
  'López',
  'Müller',
  'Tanaka',
  'Diallo',
  'Smith',
  'Rodríguez',
  'Haddad',
  'Brown',
  'Washington',
  'Dubois',
  'Ivanov',
  'Begay',
  '王',
];
const ROLES: [string, number][] = [
  ['teacher', 0.55],
  ['paraprofessional', 0.15],
  ['support', 0.17],
  ['counselor', 0.06],
  ['administrator', 0.07],
];

/** The demo people who can sign in, one per Hearth role. */
export const DEMO_ACCOUNTS = [
  {
    employeeId: 'DEMO-0001',
    email: 'demo.learner@example.org',
    roles: ['learner'] as const,
    firstName: 'Rosa',
    lastName: 'Delgado',
    jobRole: 'teacher',
    site: 'DEMO-ELM',
  },
  {
    employeeId: 'DEMO-0002',
    email: 'demo.trainer@example.org',
    roles: ['learner', 'trainer'] as const,
    firstName: 'Marcus',
    lastName: 'Bell',
    jobRole: 'counselor',
    site: 'DEMO-DO',
  },
  {
    employeeId: 'DEMO-0003',
    email: 'demo.hr@example.org',
    roles: ['learner', 'hr'] as const,
    firstName: 'Grace',
    lastName: 'Okonkwo',
    jobRole: 'administrator',
    site: 'DEMO-DO',
  },
  {
    employeeId: 'DEMO-0004',
    email: 'demo.admin@example.org',
    roles: ['learner', 'admin'] as const,
    firstName: 'Samuel',
    lastName: 'Park',
    jobRole: 'administrator',
    site: 'DEMO-DO',
  },
];

export const DEMO_PASSWORD = 'hearth-demo-2026';

/** A few hundred staff across a dozen sites and five job roles, some on leave, some newly hired. */
export function demoRoster(size = 320): RosterRow[] {
  const random = generator(2026);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const rows: RosterRow[] = DEMO_ACCOUNTS.map((account, i) => ({
    line: i + 2,
    employeeId: account.employeeId,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    siteCode: account.site,
    siteName: DEMO_SITES.find(([code]) => code === account.site)?.[1],
    jobRole: account.jobRole,
    hireDate: '2019-08-12',
    status: 'active',
  }));
  for (let n = rows.length + 1; n <= size; n++) {
    const [siteCode, siteName] = n % 29 === 0 ? DEMO_SITES[10] : pick(DEMO_SITES.slice(0, 10));
    let roll = random();
    const jobRole =
      siteCode === 'DEMO-TRN'
        ? 'support'
        : (ROLES.find(([, share]) => (roll -= share) < 0)?.[0] ?? 'teacher');
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const employeeId = `DEMO-${String(n).padStart(4, '0')}`;
    const newHire = random() < 0.06;
    const year = newHire ? 2026 : 2000 + Math.floor(random() * 26);
    const month = newHire ? 8 + Math.floor(random() * 3) : 1 + Math.floor(random() * 12);
    const hireDate = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    rows.push({
      line: n + 1,
      employeeId,
      firstName,
      lastName,
      email: `${employeeId.toLowerCase()}@example.org`,
      siteCode,
      siteName,
      jobRole,
      hireDate,
      status: random() < 0.05 ? 'leave' : 'active',
    });
  }
  return rows;
}
