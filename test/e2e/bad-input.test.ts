import { connect } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol } from '../support/people.js';
import { comparableText, pdfText } from '../support/pdf.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

interface Case {
  name: string;
  who: 'admin' | 'learner';
  method: string;
  path: string;
  /** A JSON value, or raw text/bytes sent as is. */
  body?: unknown;
  contentType?: string;
  status: number;
  /** Text the answer must contain: the problem, named. */
  says: string;
}

const SCRIPT_NAME = '<script>alert(1)</script>';
const HEADER = 'employee_id,first_name,last_name,email,site_code,site_name,job_role,hire_date,status';
const row = (fields: Partial<Record<string, string>> = {}) => {
  const values = {
    employee_id: 'N1',
    first_name: 'Nia',
    last_name: 'New',
    email: 'nia@district.test',
    site_code: 'LIN',
    site_name: 'Lincoln',
    job_role: 'teacher',
    hire_date: '2021-08-01',
    status: 'active',
    ...fields,
  };
  return Object.values(values).join(',');
};
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;

/**
 * Announces a body of `bytes` and sends none of it: a server that refuses by size answers at once,
 * before reading (let alone parsing) anything.
 */
function announceBody(url: string, headers: Record<string, string>, bytes: number) {
  const { hostname, port, pathname } = new URL(url);
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const [head, body = ''] = text.split('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? NaN);
      if (body.length >= length) {
        socket.destroy();
        done({ status: Number(head.split(' ')[1]), body });
      }
    });
    socket.on('error', fail);
    const lines = [`POST ${pathname} HTTP/1.1`, `host: ${hostname}:${port}`, `content-length: ${bytes}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** The catalogue: each bad input, the clear 4xx it gets, and (checked after each) no change to data. */
const CASES: Case[] = [
  // Roster CSV
  ...[
    [
      'a missing required column',
      `employee_id,first_name\nN1,Nia\n`,
      'the required column \\"email\\" is missing',
    ],
    [
      'a duplicate employee_id in the file',
      csv(row(), row({ email: 'other@district.test' })),
      '"line":3,"column":"employee_id"',
    ],
    ['a duplicate email in the file', csv(row(), row({ employee_id: 'N2' })), '"line":3,"column":"email"'],
    ['a date that does not exist', csv(row({ hire_date: '2021-02-30' })), '\\"2021-02-30\\" is not a date'],
    [
      'an unknown status',
      csv(row({ status: 'retired' })),
      '\\"retired\\" is not one of active, leave, inactive',
    ],
    [
      'semicolons between columns',
      csv().replace(/,/g, ';') + row().replace(/,/g, ';'),
      'Hearth needs commas',
    ],
    ['an empty file', '', 'the file is empty'],
    ['a header without rows', csv(), 'the file has a header row but no staff rows'],
  ].map(([name, body, says]): Case => ({
    name: `roster: ${name}`,
    who: 'admin',
    method: 'POST',
    path: '/api/staff/import',
    body,
    contentType: 'text/csv',
    status: 422,
    says,
  })),
  {
    name: 'roster: bytes that are not UTF-8',
    who: 'admin',
    method: 'POST',
    path: '/api/staff/import',
    body: Buffer.concat([Buffer.from(csv(row())), Buffer.from([0x4e, 0x32, 0x2c, 0xe9, 0x74, 0xe9, 0x0a])]),
    contentType: 'text/csv',
    status: 422,
    says: '"line":3',
  },
  // API bodies and parameters
  {
    name: 'malformed JSON',
    who: 'admin',
    method: 'POST',
    path: '/api/staff/L1/exemptions',
    body: '{"courseId":',
    status: 400,
    says: 'not valid JSON',
  },
  {
    name: 'an unknown field',
    who: 'admin',
    method: 'POST',
    path: '/api/staff/L1/exemptions',
    body: { courseId: 'example', edition: '2026-27', reason: 'Moved away', approved: true },
    status: 400,
    says: 'property approved should not exist',
  },
  {
    name: 'a wrong type',
    who: 'admin',
    method: 'PUT',
    path: '/api/staff/L1/roles',
    body: { roles: 'admin' },
    status: 400,
    says: 'roles must be an array',
  },
  {
    name: 'a huge string',
    who: 'admin',
    method: 'POST',
    path: '/api/staff/L1/exemptions',
    body: { courseId: 'example', edition: '2026-27', reason: 'x'.repeat(60_000) },
    status: 400,
    says: 'reason must be at most 500 characters',
  },
  {
    name: 'a negative page size',
    who: 'admin',
    method: 'GET',
    path: '/api/staff?pageSize=-5',
    status: 400,
    says: 'pageSize must not be less than 1',
  },
  {
    name: 'a huge page size',
    who: 'admin',
    method: 'GET',
    path: '/api/staff?pageSize=1000000',
    status: 400,
    says: 'pageSize must not be greater than 200',
  },
  {
    name: 'an audit day that does not exist',
    who: 'admin',
    method: 'GET',
    path: '/api/audit?from=2026-02-30',
    status: 400,
    says: 'from must be a date written YYYY-MM-DD',
  },
  {
    name: 'an id with ../',
    who: 'learner',
    method: 'GET',
    path: '/api/courses/..%2F..%2Fetc/modules/passwd',
    status: 400,
    says: 'courseId must be a course id',
  },
  {
    name: 'an id with SQL in it',
    who: 'learner',
    method: 'POST',
    path: "/api/me/courses/example'%20OR%201=1--/attest",
    status: 400,
    says: 'courseId must be a course id',
  },
  {
    name: 'a quiz answer naming an unknown question',
    who: 'learner',
    method: 'POST',
    path: '/api/me/courses/example/quiz/attempts',
    body: { answers: { q1: 'a', q2: ['a', 'c'], q3: 'a', q99: 'a' } },
    status: 400,
    says: 'answers.q99 is not a question of this quiz',
  },
  {
    name: 'a quiz answer naming an unknown option',
    who: 'learner',
    method: 'POST',
    path: '/api/me/courses/example/quiz/attempts',
    body: { answers: { q1: 'z', q2: ['a', 'c'], q3: 'a' } },
    status: 400,
    says: 'answers.q1: \\"z\\" is not one of its options',
  },
];

describe('the bad-input catalogue: a clear 4xx for each, and nothing changed', () => {
  let server: TestServer;
  let admin: Api;
  let learner: Api;

  /** Everything a bad request could have touched, as the API shows it. */
  async function snapshot(): Promise<string> {
    const [staff, audit, assignments] = await Promise.all([
      admin.get('/api/staff?pageSize=200'),
      admin.get('/api/audit?limit=5000'),
      learner.get('/api/me/assignments'),
    ]);
    return JSON.stringify([staff.body, audit.body, assignments.body]);
  }

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(admin, [
      makeStaff({
        employeeId: 'L1',
        email: 'learner@district.test',
        firstName: SCRIPT_NAME,
        lastName: '=1+2',
      }),
    ]);
    learner = sessions.get('learner@district.test') as Api;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('roster: a 100 MB body, refused by its size before parsing', async () => {
    const before = await snapshot();
    const response = await announceBody(
      `${server.url}/api/staff/import`,
      { ...admin.authHeaders(), 'content-type': 'text/csv' },
      100 * 1024 * 1024,
    );
    expect([response.status, response.body]).toEqual([413, expect.stringContaining('too large')]);
    expect(await snapshot()).toBe(before);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await snapshot();
    const api = c.who === 'admin' ? admin : learner;
    const response = await api.request(
      c.method,
      c.path,
      c.body,
      c.contentType ?? (typeof c.body === 'string' ? 'application/json' : undefined),
    );
    expect([response.status, JSON.stringify(response.body)]).toEqual([
      c.status,
      expect.stringContaining(c.says),
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('shows a name with markup as text on every page and in the PDF, and neutralises formulas in CSV', async () => {
    for (const module of ['welcome', 'hard-days'])
      await learner.post(`/api/me/courses/example/modules/${module}/complete`);
    await learner.post('/api/me/courses/example/attest');
    const done = await learner.post<{ completion: { certificateSerial: string } }>(
      '/api/me/courses/example/quiz/attempts',
      { answers: { q1: 'a', q2: ['a', 'c'], q3: 'a' } },
    );
    const serial = done.body.completion.certificateSerial;
    const page = await (await fetch(`${server.url}/verify/${serial}`)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain(SCRIPT_NAME);
    const pdf = await fetch(`${server.url}/api/certificates/${serial}.pdf`, { headers: admin.authHeaders() });
    expect(comparableText(await pdfText(new Uint8Array(await pdf.arrayBuffer())))).toContain(
      `${SCRIPT_NAME} =1+2`,
    );
    const csv = await admin.get<string>('/api/reports/compliance.csv?courseId=example');
    expect(csv.body).toContain(`L1,${SCRIPT_NAME},'=1+2,`);
  });
});
