import type { StaffStatus } from '../../src/staff/staff-member.entity.js';
import { pick, type Random, weighted } from './random.js';

/** One staff member of the bench district, as a roster row would describe them. */
export interface Person {
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  siteCode: string;
  siteName: string;
  jobRole: string;
  hireDate: string;
  status: StaffStatus;
  changedOn: string | null;
  roles: string[];
}

// A district's names are not all ASCII: the rows carry Vietnamese, Chinese, Arabic and Spanish names too.
const FIRST = [
  'Maria',
  'James',
  'Nguyễn Thị',
  'Wei',
  'Fatima',
  'José',
  'Emily',
  'DeShawn',
  'Aisha',
  'Olga',
  'Kenji',
  'Priya',
  'Liam',
  'Zoë',
  'Mateo',
  'Hana',
];
const LAST = [
  'Garcia',
  'Smith',
  'Hồng',
  '王',
  'Al-Zahra',
  'Ñúñez',
  'Carter',
  'Williams',
  'Okafor',
  'Petrova',
  'Tanaka',
  'Patel',
  "O'Brien",
  'Müller',
  'Hernández',
  'Kim',
];
const SCHOOL_NAMES = [
  'Lincoln',
  'Roosevelt',
  'Cesar Chavez',
  'Maya Angelou',
  'Riverside',
  'Oak Grove',
  'Hillcrest',
  'Sequoia',
  'Harbor View',
  'Mountain Vista',
];
const SCHOOL_KINDS = ['Elementary', 'Middle School', 'High School', 'K-8 Academy'];

const ROLES = [
  ['teacher', 55],
  ['paraprofessional', 15],
  ['support', 18],
  ['administrator', 8],
  ['counselor', 4],
] as const;
const STATUSES = [
  ['active', 94],
  ['leave', 3],
  ['inactive', 3],
] as const;

export function makeSites(count: number): { code: string; name: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    code: i === 0 ? 'DO' : `S${String(i).padStart(3, '0')}`,
    name:
      i === 0
        ? 'District Office'
        : `${SCHOOL_NAMES[i % SCHOOL_NAMES.length]} ${SCHOOL_KINDS[i % SCHOOL_KINDS.length]}${i >= 10 ? ` ${Math.ceil(i / 10)}` : ''}`,
  }));
}

function dayOffset(from: string, days: number): string {
  return new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `count` staff members spread over the sites. About 9% were hired after the 2026-27 editions opened
 * (due 30 days after their hire date), 2% came back from leave this autumn (a later due date), 3% are on
 * leave (exempt) and 3% inactive (not assigned). The first person is HR, the second an admin.
 */
export function makePeople(count: number, sites: { code: string; name: string }[], random: Random): Person[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const site = i < 2 ? sites[0] : (sites[1 + (i % Math.max(1, sites.length - 1))] ?? sites[0]);
    const status: StaffStatus = i < 2 ? 'active' : weighted(STATUSES, random);
    const newHire = random() < 0.09;
    const hireDate = newHire
      ? dayOffset('2026-08-02', Math.floor(random() * 100))
      : dayOffset('1998-08-15', Math.floor(random() * 10_200));
    const returned = !newHire && status === 'active' && random() < 0.02;
    return {
      employeeId: `E${String(n).padStart(6, '0')}`,
      firstName: pick(FIRST, random),
      lastName: pick(LAST, random),
      email: `staff${n}@bench-district.test`,
      siteCode: site.code,
      siteName: site.name,
      jobRole: i === 0 ? 'administrator' : weighted(ROLES, random),
      hireDate,
      status,
      changedOn: returned ? dayOffset('2026-09-01', Math.floor(random() * 60)) : null,
      roles:
        i === 0
          ? ['learner', 'hr']
          : i === 1
            ? ['learner', 'admin']
            : i % 500 === 7
              ? ['learner', 'trainer']
              : ['learner'],
    };
  });
}
