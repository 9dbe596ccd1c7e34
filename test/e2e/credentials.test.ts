import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
import { openBadgeProblems } from '../support/open-badges.js';
import { PageClient } from '../support/browserless.js';
import { enrol, finishExampleCourse, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

/** The parts of a credential the tests change or read (the rest is checked with openBadgeProblems). */
interface Credential extends Record<string, unknown> {
  validFrom: string;
  proof: { verificationMethod: string };
  credentialSubject: { identifier: { identityHash: string }[] };
}

/** What a stranger's verifier says, run in its own process with only the JSON (and the issuer's URLs). */
function strangerVerifies(credential: Credential): {
  verified: boolean;
  revoked: boolean | null;
  errors: string[];
} {
  const run = spawnSync(process.execPath, [resolve('test/support/verify-credential.mjs')], {
    input: JSON.stringify(credential),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`the verifier failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { verified: boolean; revoked: boolean | null; errors: string[] };
}

describe('Open Badges 3.0 credentials (the whole app over HTTP, checked as a stranger would)', () => {
  let server: TestServer;
  let dir: string;
  let keyFile: string;
  let learner: Api;
  let other: Api;
  let hr: Api;
  let serial: string;
  let first: Credential;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-keys-'));
    keyFile = join(dir, 'keys', 'credential-keys.json');
    server = await startServer({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-09-01',
      HEARTH_CREDENTIAL_KEY_FILE: keyFile,
    });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(
      admin,
      [
        makeStaff({ employeeId: 'C1', firstName: 'José', lastName: 'Begay', email: 'jose@district.test' }),
        makeStaff({ employeeId: 'C2', email: 'c2@district.test' }),
        makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' }),
      ],
      { HR: ['hr'] },
    );
    learner = sessions.get('jose@district.test') as Api;
    other = sessions.get('c2@district.test') as Api;
    hr = sessions.get('hr@district.test') as Api;
    serial = await finishExampleCourse(learner);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the holder a signed OpenBadgeCredential that names them, not their e-mail', async () => {
    const response = await learner.get<Credential>(`/api/certificates/${serial}/credential`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vc+ld+json');
    first = response.body;
    expect(openBadgeProblems(first)).toEqual([]);
    expect(first).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: {
        id: `${server.url}/api/credentials/issuer`,
        type: ['Profile'],
        name: 'Hearth School District',
      },
      credentialSubject: {
        identifier: [
          { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'José Begay' },
        ],
        achievement: {
          name: 'An Example Course',
          criteria: { narrative: expect.stringContaining('passed its quiz') },
          creditsAvailable: 0.5,
        },
        creditsEarned: 0.5,
      },
      proof: {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        verificationMethod: expect.stringMatching(`^${server.url}/api/credentials/keys/`),
      },
    });
    expect(first.validFrom).toMatch(/^2026-09-0[12]T\d{2}:\d{2}:\d{2}Z$/);
    expect(JSON.stringify(first)).not.toContain('jose@district.test');
    // HR and admins may fetch it too; another learner may not, nor anyone signed out.
    expect((await hr.get(`/api/certificates/${serial}/credential`)).status).toBe(200);
    expect((await other.get(`/api/certificates/${serial}/credential`)).status).toBe(403);
    expect((await learner.as(undefined).get(`/api/certificates/${serial}/credential`)).status).toBe(401);
    expect((await learner.get('/api/certificates/AAAA-BBBB-CCCC-DD/credential')).status).toBe(404);
  });

  it('offers the credential as a download on My certificates', async () => {
    const page = new PageClient(server.url);
    await page.get('/login');
    await page.post('/login', [
      ['email', 'jose@district.test'],
      ['password', TEST_PASSWORD],
    ]);
    expect((await page.get('/certificates')).html).toContain(
      `<a href="/certificates/${serial}/credential">Digital credential (JSON)`,
    );
    const response = await fetch(`${server.url}/certificates/${serial}/credential`, {
      headers: { cookie: `hearth_session=${page.cookie('hearth_session') ?? ''}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="certificate-${serial}.json"`,
    );
    expect(openBadgeProblems((await response.json()) as Record<string, unknown>)).toEqual([]);
  });

  it('verifies for a stranger, and fails once the name or the date is changed', () => {
    expect(strangerVerifies(first)).toEqual({ verified: true, revoked: false, errors: [] });
    const renamed = structuredClone(first);
    renamed.credentialSubject.identifier[0].identityHash = 'Someone Else';
    expect(strangerVerifies(renamed).verified).toBe(false);
    const redated = structuredClone(first);
    redated.validFrom = '2025-09-01T16:00:00Z';
    expect(strangerVerifies(redated).verified).toBe(false);
  }, 60_000);

  it('keeps the private key in its file (0600), out of every response and log', async () => {
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const { keys } = JSON.parse(readFileSync(keyFile, 'utf8')) as { keys: { secretKeyMultibase: string }[] };
    const secret = keys[0].secretKeyMultibase;
    expect(secret).toMatch(/^z/);
    const issuer = await fetch(`${server.url}/api/credentials/issuer`).then((r) => r.text());
    const key = await fetch(first.proof.verificationMethod).then((r) => r.text());
    for (const text of [issuer, key, JSON.stringify(first), server.output()])
      expect(text).not.toContain(secret);
    expect(JSON.parse(key)).toMatchObject({
      type: 'Multikey',
      controller: `${server.url}/api/credentials/issuer`,
    });
  });

  it('verifies as revoked once HR revokes the certificate', async () => {
    expect(
      (await hr.post(`/api/certificates/${serial}/revoke`, { reason: 'Issued to the wrong person' })).status,
    ).toBe(200);
    expect(strangerVerifies(first)).toMatchObject({ revoked: true });
  }, 60_000);

  it('rolls in a new key on the command line; what the old key signed still verifies', async () => {
    const run = spawnSync(process.execPath, [built('src/cli/main.js'), 'credentials', 'rotate-key'], {
      env: childEnv({
        DATABASE_URL: server.db.url,
        PUBLIC_URL: server.url,
        HEARTH_CREDENTIAL_KEY_FILE: keyFile,
      }),
      encoding: 'utf8',
    });
    expect(run.stdout).toContain('New credentials are signed with');
    expect(run.stdout).toContain('1 earlier key(s) stay published');
    const issuer = (await new Api(server.url).get<{ assertionMethod: unknown[] }>('/api/credentials/issuer'))
      .body;
    expect(issuer.assertionMethod).toHaveLength(2);
    const renewed = (await hr.get<Credential>(`/api/certificates/${serial}/credential`)).body;
    expect(renewed.proof.verificationMethod).not.toBe(first.proof.verificationMethod);
    expect(strangerVerifies(renewed)).toMatchObject({ verified: true, revoked: true });
    expect(strangerVerifies(first)).toMatchObject({ verified: true, revoked: true });
  }, 60_000);
});
