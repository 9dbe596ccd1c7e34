import type { Role } from '../../src/identity/roles.js';
import { type RosterFields, rosterCsv } from '../factories/staff.factory.js';
import type { Api } from './api.js';

/** The password every test person sets when accepting their invitation. */
export const TEST_PASSWORD = 'a-long-password-1';

/**
 * Puts people on the roster the way a district does: HR imports them, an admin grants roles, each
 * accepts an invitation and sets a password. Returns a signed-in API client per email.
 */
export async function enrol(
  admin: Api,
  people: RosterFields[],
  roles: Record<string, Role[]> = {},
): Promise<Map<string, Api>> {
  const check = (response: { status: number; body: unknown }, what: string) => {
    if (response.status >= 300)
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  };
  check(await admin.post('/api/staff/import', rosterCsv(people), 'text/csv'), 'import');
  for (const [employeeId, granted] of Object.entries(roles))
    check(await admin.put(`/api/staff/${employeeId}/roles`, { roles: granted }), 'roles');
  const anonymous = admin.as(undefined);
  const sessions = new Map<string, Api>();
  for (const person of people) {
    const invitation = await admin.post<{ token: string }>('/api/auth/invitations', {
      employeeId: person.employeeId,
    });
    check(invitation, 'invitation');
    check(
      await anonymous.post('/api/auth/accept-invitation', {
        token: invitation.body.token,
        password: TEST_PASSWORD,
      }),
      'accept',
    );
    sessions.set(person.email, await anonymous.login(person.email, TEST_PASSWORD));
  }
  return sessions;
}

/** The right answers to the example course's quiz (test/fixtures/courses). */
export const EXAMPLE_ANSWERS = { q1: 'a', q2: ['a', 'c'], q3: 'a' };

/** Finishes the example course as this learner, through the API: both modules, the attestation, the quiz; its certificate's serial. */
export async function finishExampleCourse(learner: Api): Promise<string> {
  for (const module of ['welcome', 'hard-days'])
    await learner.post(`/api/me/courses/example/modules/${module}/complete`);
  await learner.post('/api/me/courses/example/attest');
  const passed = await learner.post<{ completion?: { certificateSerial: string } }>(
    '/api/me/courses/example/quiz/attempts',
    {
      answers: EXAMPLE_ANSWERS,
    },
  );
  if (!passed.body.completion)
    throw new Error(`the example course was not completed: ${passed.status} ${JSON.stringify(passed.body)}`);
  return passed.body.completion.certificateSerial;
}
