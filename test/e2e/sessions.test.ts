import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TRAINER = makeStaff({ employeeId: 'S-TR', email: 'sess.trainer@district.test', jobRole: 'support' });
const ANA = makeStaff({ employeeId: 'S-1', firstName: 'Ana', lastName: 'Silva', email: 'ana@district.test' });
const BEN = makeStaff({
  employeeId: 'S-2',
  firstName: 'Ben',
  lastName: 'Okafor',
  email: 'ben@district.test',
});
const CAL = makeStaff({
  employeeId: 'S-3',
  firstName: 'Cal',
  lastName: 'Nguyen',
  email: 'cal@district.test',
});
const GONE = makeStaff({ employeeId: 'S-GONE', email: 'gone@district.test' });

const inDays = (days: number, hour = 15) => {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
};

async function signIn(server: TestServer, email: string): Promise<PageClient> {
  const pages = new PageClient(server.url);
  await pages.get('/login');
  const signedIn = await pages.post('/login', [
    ['email', email],
    ['password', TEST_PASSWORD],
    ['next', '/'],
  ]);
  if (signedIn.status !== 303) throw new Error(`sign-in as ${email} failed: ${signedIn.status}`);
  return pages;
}

describe('facilitated sessions over HTTP', () => {
  let server: TestServer;
  let admin: Api;
  let trainer: Api;
  let ana: Api;
  let ben: Api;
  let hr: Api;

  const good = () => ({
    title: 'Calm classrooms',
    startsAt: inDays(7),
    endsAt: inDays(7, 17),
    location: 'https://meet.example/calm',
    capacity: 1,
    pdHours: 1.5,
    facilitatorEmployeeIds: ['S-TR'],
  });

  beforeAll(async () => {
    server = await startServer({});
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const hrPerson = makeStaff({ employeeId: 'S-HR', email: 'sess.hr@district.test', jobRole: 'support' });
    const people = await enrol(admin, [TRAINER, ANA, BEN, CAL, GONE, hrPerson], {
      'S-TR': ['trainer'],
      'S-HR': ['hr'],
    });
    trainer = people.get(TRAINER.email) as Api;
    ana = people.get(ANA.email) as Api;
    ben = people.get(BEN.email) as Api;
    hr = people.get(hrPerson.email) as Api;
    // S-GONE has left: on the roster, inactive.
    const left = await admin.post('/api/staff/import', rosterLine(GONE), 'text/csv');
    if (left.status !== 200) throw new Error(`roster update failed: ${left.status}`);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses bad requests with 400, naming the field, and writes nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...good(), endsAt: good().startsAt }, /^endsAt must be after startsAt/],
      [{ ...good(), startsAt: inDays(-2), endsAt: inDays(-2, 17) }, /^startsAt must be in the future/],
      [{ ...good(), startsAt: '2026-12-10 15:30' }, /^startsAt must be a date and time with its offset/],
      [
        { ...good(), facilitatorEmployeeIds: ['NOBODY'] },
        /^facilitatorEmployeeIds: no staff member "NOBODY"/,
      ],
      [{ ...good(), programId: 'x' }, /^programId: no program "x"/],
      [{ ...good(), courseId: 'not-loaded' }, /^courseId: no course "not-loaded"/],
      [{ ...good(), capacity: 0 }, /^capacity must not be less than 1/],
      [{ ...good(), capacity: 10_001 }, /^capacity must not be greater than 10000/],
      [{ ...good(), capacity: 2.5 }, /^capacity must be a whole number/],
      [{ ...good(), pdHours: 0.1 }, /^pdHours must not be less than 0.25/],
      [{ ...good(), pdHours: 101 }, /^pdHours must not be greater than 100/],
      [{ ...good(), pdHours: '1' }, /^pdHours must be a number/],
      [{ ...good(), extra: 1 }, /^property extra should not exist/],
    ];
    for (const [body, message] of cases) {
      const response = await trainer.post<{ message: string[] }>('/api/sessions', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.message).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    }
    expect((await admin.get<unknown[]>('/api/sessions')).body).toEqual([]);
  });

  it('schedules, registers, wait-lists, and seats the first who waits when a place is given up', async () => {
    const made = await trainer.post<{ id: number; seatsLeft: number; startsAt: string }>(
      '/api/sessions',
      good(),
    );
    expect(made.status).toBe(201);
    expect(made.body.seatsLeft).toBe(1);
    expect(made.body.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})$/);
    const id = made.body.id;
    expect(await ana.post(`/api/sessions/${id}/registrations`)).toMatchObject({
      status: 201,
      body: { status: 'registered' },
    });
    // Twice: the same place, 200.
    expect(await ana.post(`/api/sessions/${id}/registrations`)).toMatchObject({
      status: 200,
      body: { status: 'registered' },
    });
    expect(await ben.post(`/api/sessions/${id}/registrations`)).toMatchObject({
      status: 201,
      body: { status: 'waitlisted' },
    });
    // HR registers someone else; a learner may not.
    expect(await hr.post(`/api/sessions/${id}/registrations`, { employeeId: CAL.employeeId })).toMatchObject({
      status: 201,
      body: { status: 'waitlisted' },
    });
    expect((await ana.post(`/api/sessions/${id}/registrations`, { employeeId: 'S-2' })).status).toBe(403);
    expect((await hr.post(`/api/sessions/${id}/registrations`, { employeeId: 'NOBODY' })).body).toMatchObject(
      { message: ['employeeId: no staff member "NOBODY"'] },
    );
    // The capacity may not drop below the seats taken.
    const smaller = await trainer.request<{ message: string[] }>('PATCH', `/api/sessions/${id}`, {
      capacity: 0,
    });
    expect(smaller.status).toBe(400);
    const list =
      await ben.get<{ id: number; seatsLeft: number; waitlisted: number; myStatus: string }[]>(
        '/api/sessions',
      );
    expect(list.body.find((s) => s.id === id)).toMatchObject({
      seatsLeft: 0,
      waitlisted: 2,
      myStatus: 'waitlisted',
      waitlistPosition: 1,
    });
    const gaveUp = await ana.request('DELETE', `/api/sessions/${id}/registrations`);
    expect(gaveUp).toMatchObject({ status: 200, body: { status: 'cancelled', promoted: ['S-2'] } });
    const after = await ben.get<{ id: number; myStatus: string }[]>('/api/sessions');
    expect(after.body.find((s) => s.id === id)?.myStatus).toBe('registered');
    // The calendar file: for Ben (registered), not for Ana any more.
    const ics = await ben.get<string>(`/api/sessions/${id}.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(ics.body).toContain('SUMMARY:Calm classrooms');
    expect(ics.body).toMatch(/DTSTART:\d{8}T150000Z/);
    expect((await ana.get(`/api/sessions/${id}.ics`)).status).toBe(403);
  });

  it('refuses registrations for a cancelled session, naming why, and frees every place', async () => {
    const { body } = await trainer.post<{ id: number }>('/api/sessions', { ...good(), capacity: 5 });
    await ana.post(`/api/sessions/${body.id}/registrations`);
    const cancelled = await trainer.post<{ status: string; seatsLeft: number }>(
      `/api/sessions/${body.id}/cancel`,
    );
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', seatsLeft: 5 } });
    const refused = await ben.post<{ message: string }>(`/api/sessions/${body.id}/registrations`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/cancelled/);
    const audit = await admin.get<{ action: string }[]>('/api/audit?action=session.cancel');
    expect(audit.body.length).toBeGreaterThan(0);
  });

  it('records attendance all or nothing, refusing someone neither registered nor active, and audits it', async () => {
    // Starting in two minutes: attendance (and check-in) open 15 minutes before the start.
    const soon = new Date(Date.now() + 120_000);
    const { body } = await trainer.post<{ id: number }>('/api/sessions', {
      ...good(),
      capacity: 5,
      startsAt: soon.toISOString(),
      endsAt: new Date(soon.getTime() + 3_600_000).toISOString(),
    });
    await ana.post(`/api/sessions/${body.id}/registrations`);
    const refused = await trainer.put<{ message: string[] }>(`/api/sessions/${body.id}/attendance`, {
      attended: ['S-1', 'S-GONE'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual([
      'attended: "S-GONE" is neither registered for this session nor active staff',
    ]);
    expect((await ana.put(`/api/sessions/${body.id}/attendance`, { attended: [] })).status).toBe(403);
    const saved = await trainer.put(`/api/sessions/${body.id}/attendance`, { attended: ['S-1', 'S-3'] });
    expect(saved).toMatchObject({ status: 200, body: { attended: 2 } });
    const audit = await admin.get<{ action: string; target: string }[]>(
      '/api/audit?action=session.attendance',
    );
    expect(audit.body[0]).toMatchObject({ target: `session ${body.id}` });
  });

  it('works from the pages: register, the attendance sheet with a search, and self check-in with a code', async () => {
    const soon = new Date(Date.now() + 120_000);
    const { body } = await trainer.post<{ id: number }>('/api/sessions', {
      ...good(),
      title: 'Check-in practice',
      capacity: 5,
      startsAt: soon.toISOString(),
      endsAt: new Date(soon.getTime() + 3_600_000).toISOString(),
    });
    const id = body.id;
    const benPages = await signIn(server, BEN.email);
    const list = await benPages.get('/sessions');
    expect(list.html).toContain('Check-in practice');
    const registered = await benPages.post(`/sessions/${id}/register`, []);
    expect(registered.status).toBe(303);
    expect((await benPages.follow(registered)).html).toContain('You are registered');
    await ana.post(`/api/sessions/${id}/registrations`);
    // The seat is in Ben's private calendar feed too.
    await benPages.get('/calendar');
    const made = await benPages.post('/calendar/feed', []);
    const feedUrl = /value="(http:\/\/[^"]+\.ics)"/.exec(made.html)?.[1] ?? '';
    const feed = await (await fetch(feedUrl)).text();
    expect(feed.replace(/\r\n /g, '')).toContain('SUMMARY:Check-in practice');

    const trainerPages = await signIn(server, TRAINER.email);
    const sheet = await trainerPages.get(`/sessions/${id}/attendance?q=okafor`);
    expect(sheet.status).toBe(200);
    expect(sheet.html).toContain('Ben');
    expect(sheet.html).not.toContain('Ana');
    // Ben marked from the filtered sheet; Ana, not shown, keeps her state; a walk-in added.
    const saved = await trainerPages.post(`/sessions/${id}/attendance`, [
      ['q', 'okafor'],
      ['shown', 'S-2'],
      ['attended', 'S-2'],
      ['walkIn', 'S-3'],
    ]);
    expect(saved.status).toBe(303);
    await trainerPages.get(`/sessions/${id}/attendance`);
    const bad = await trainerPages.post(`/sessions/${id}/attendance`, [['walkIn', 'NOBODY']]);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('The employee id “NOBODY” is neither registered');
    const full = await trainerPages.get(`/sessions/${id}/attendance`);
    expect(full.html).toContain('1 of 2 registered marked present, 1 walk-in');

    expect((await trainerPages.post(`/sessions/${id}/check-in-code`, [])).status).toBe(303);
    const withCode = await trainerPages.get(`/sessions/${id}/attendance`);
    const code =
      /class="check-in-code"><span class="visually-hidden">Check-in code: <\/span><span>([A-Z0-9]{6})<\/span>/.exec(
        withCode.html,
      )?.[1];
    expect(code).toBeDefined();
    const anaPages = await signIn(server, ANA.email);
    await anaPages.get(`/sessions/${id}/check-in`);
    const wrong = await anaPages.post(`/sessions/${id}/check-in`, [['code', 'WRONG1']]);
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('is not this session’s check-in code');
    const right = await anaPages.post(`/sessions/${id}/check-in`, [['code', (code ?? '').toLowerCase()]]);
    expect(right.status).toBe(200);
    expect(right.html).toContain('You are checked in');
    const final = await trainerPages.get(`/sessions/${id}/attendance`);
    expect(final.html).toContain('2 of 2 registered marked present, 1 walk-in');

    // A learner may not open the sheet or the schedule form.
    expect((await benPages.get(`/sessions/${id}/attendance`)).status).toBe(403);
    expect((await benPages.get('/sessions/new')).status).toBe(403);
  });

  it('schedules, edits and cancels from the trainer’s pages, naming what is wrong on the form', async () => {
    const pages = await signIn(server, TRAINER.email);
    const form = await pages.get('/sessions/new');
    expect(form.status).toBe(200);
    const day = inDays(14).slice(0, 10);
    const fields = (over: Record<string, string> = {}): [string, string][] =>
      Object.entries({
        title: 'Restorative circles',
        courseId: '',
        day,
        startTime: '15:30',
        endTime: '17:00',
        location: 'Room 12',
        capacity: '12',
        pdHours: '1.5',
        facilitators: 'S-TR',
        ...over,
      });
    const refused = await pages.post(
      '/sessions/new',
      fields({ capacity: '0', facilitators: 'S-TR, NOBODY' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('The number of seats must not be less than 1');
    const noFacilitator = await pages.post('/sessions/new', fields({ facilitators: 'S-TR, NOBODY' }));
    expect(noFacilitator.status).toBe(400);
    expect(noFacilitator.html).toContain('The facilitators: no staff member &quot;NOBODY&quot;');
    const made = await pages.post('/sessions/new', fields());
    expect(made.status).toBe(303);
    const id = /#session-(\d+)$/.exec(made.location ?? '')?.[1];
    const listed = await ana.get<{ id: number; startsAt: string; capacity: number }[]>('/api/sessions');
    const mine = listed.body.find((s) => String(s.id) === id);
    expect(mine).toMatchObject({ capacity: 12 });
    expect(mine?.startsAt.slice(0, 16)).toBe(`${day}T15:30`);

    const edit = await pages.get(`/sessions/${id}/edit`);
    expect(edit.html).toContain('value="Restorative circles"');
    const saved = await pages.post(`/sessions/${id}/edit`, fields({ capacity: '20', endTime: '17:30' }));
    expect(saved.status).toBe(303);
    const after = (
      await ana.get<{ id: number; capacity: number; endsAt: string }[]>('/api/sessions')
    ).body.find((s) => String(s.id) === id);
    expect(after?.capacity).toBe(20);
    expect(after?.endsAt.slice(11, 16)).toBe('17:30');

    await pages.get(`/sessions/${id}/edit`);
    const cancelled = await pages.post(`/sessions/${id}/cancel`, []);
    expect(cancelled.status).toBe(303);
    expect((await pages.follow(cancelled)).html).toContain('The session is cancelled');
    const audit = await admin.get<{ action: string; target: string }[]>('/api/audit?action=session.update');
    expect(audit.body.map((a) => a.target)).toContain(`session ${id}`);
  });
});

function rosterLine(person: ReturnType<typeof makeStaff>): string {
  return [
    'employee_id,first_name,last_name,email,site_code,site_name,job_role,hire_date,status',
    [
      person.employeeId,
      person.firstName,
      person.lastName,
      person.email,
      person.siteCode,
      person.siteName,
      person.jobRole,
      person.hireDate,
      'inactive',
    ].join(','),
  ].join('\n');
}
