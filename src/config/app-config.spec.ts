import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      database: { kind: 'sqlite', path: './data/hearth.sqlite' },
      publicUrl: 'http://localhost:3000',
      demo: true,
      today: undefined,
    });
    expect(config.secureCookies).toBe(false);
  });

  it('reads sqlite, in-memory and postgres database URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({
      kind: 'sqlite',
      path: ':memory:',
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@h:5432/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@h:5432/db',
    });
  });

  it('reads the district’s job roles, keeping the five by default and labels given or known', () => {
    expect(loadConfig({}).jobRoleIds).toEqual([
      'teacher',
      'paraprofessional',
      'counselor',
      'administrator',
      'support',
    ]);
    const config = loadConfig({ HEARTH_JOB_ROLES: 'teacher, nurse=School nurses,bus_driver' });
    expect(config.jobRoles).toEqual([
      { id: 'teacher', label: 'Teachers' },
      { id: 'nurse', label: 'School nurses' },
      { id: 'bus_driver', label: 'bus_driver' },
    ]);
    expect([config.roleLabel('nurse'), config.roleLabel('coach')]).toEqual(['School nurses', 'coach']);
    expect(() => loadConfig({ HEARTH_JOB_ROLES: 'teacher,Bus Driver,teacher' })).toThrow(
      'HEARTH_JOB_ROLES: "Bus Driver" is not a job role id (lower-case letters, digits, _); HEARTH_JOB_ROLES names teacher twice',
    );
    expect(() => loadConfig({ HEARTH_JOB_ROLES: ' , ' })).toThrow(
      'HEARTH_JOB_ROLES must name at least one job role',
    );
  });

  it('derives the public URL from the port and strips a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    const config = loadConfig({ PUBLIC_URL: 'https://hearth.district.org/' });
    expect(config.publicUrl).toBe('https://hearth.district.org');
    expect(config.secureCookies).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must look like'],
    [{ PUBLIC_URL: 'hearth.org' }, 'PUBLIC_URL must be an http:// or https:// URL'],
    [{ HEARTH_TODAY: '2026-02-30' }, 'HEARTH_TODAY must be a real calendar date'],
    [{ HEARTH_TODAY: 'tomorrow' }, 'HEARTH_TODAY must be a date written YYYY-MM-DD'],
    [{ HEARTH_DEMO: 'maybe' }, 'HEARTH_DEMO must be true or false'],
    [{ HEARTH_ADMIN_EMAIL: 'a@b.org' }, 'HEARTH_ADMIN_EMAIL and HEARTH_ADMIN_PASSWORD must be set together'],
    [
      { HEARTH_ADMIN_EMAIL: 'a@b.org', HEARTH_ADMIN_PASSWORD: 'short' },
      'HEARTH_ADMIN_PASSWORD must be at least 10 characters',
    ],
    [{ XAPI_ENDPOINT: 'lrs.example.org' }, 'XAPI_ENDPOINT must be an http:// or https:// URL'],
    [
      { XAPI_ENDPOINT: 'https://key:secret@lrs.example.org/xapi' },
      'XAPI_ENDPOINT must be an http:// or https:// URL without credentials',
    ],
    [{ XAPI_ENDPOINT: 'https://lrs.example.org', XAPI_USERNAME: 'key' }, 'XAPI_USERNAME and XAPI_PASSWORD'],
    [{ XAPI_USERNAME: 'key', XAPI_PASSWORD: 'secret' }, 'need XAPI_ENDPOINT'],
    [{ XAPI_ENDPOINT: 'https://lrs.example.org', XAPI_ACTOR: 'name' }, 'XAPI_ACTOR must be account or email'],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('lists every bad variable on one line', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', HEARTH_DEMO: 'maybe' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: .*PORT.*; .*HEARTH_DEMO/);
    expect(message).not.toContain('\n');
  });

  it('reads HEARTH_DEMO=false', () => {
    expect(loadConfig({ HEARTH_DEMO: 'false' }).demo).toBe(false);
  });
});

describe('HEARTH_REQUEST_TIMEOUT', () => {
  it('is 30 seconds unless set, in whole seconds from 1 to 3600', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(30_000);
    expect(loadConfig({ HEARTH_REQUEST_TIMEOUT: '120' }).requestTimeoutMs).toBe(120_000);
    expect(() => loadConfig({ HEARTH_REQUEST_TIMEOUT: 'soon' })).toThrow(
      'HEARTH_REQUEST_TIMEOUT must be a whole number of seconds',
    );
    expect(() => loadConfig({ HEARTH_REQUEST_TIMEOUT: '0' })).toThrow(
      'HEARTH_REQUEST_TIMEOUT must be between 1 and 3600 seconds',
    );
  });
});

describe('the district facts for {{district.KEY}} placeholders', () => {
  it('tells learners to ask when a fact is not configured, and offers 988 as the crisis line', () => {
    const { district, support } = loadConfig({});
    expect(district.reporting_procedure).toMatch(/ask your principal or school counselor/);
    expect(district.mckinney_vento_liaison).toMatch(/ask your principal/);
    expect(district.state_hotline).toMatch(/ask your principal/);
    expect(district.crisis_line).toBe('988, the Suicide & Crisis Lifeline (call or text 988)');
    expect(district.eap).toBe(support.text);
  });

  it('reads each from its variable, the EAP from HEARTH_SUPPORT_TEXT unless HEARTH_EAP is set', () => {
    const { district } = loadConfig({
      HEARTH_STATE_HOTLINE: ' 1-800-555-0100 ',
      HEARTH_SUPPORT_TEXT: 'Call the EAP at 555-0199.',
    });
    expect(district.state_hotline).toBe('1-800-555-0100');
    expect(district.eap).toBe('Call the EAP at 555-0199.');
    expect(
      loadConfig({ HEARTH_SUPPORT_TEXT: 'Support.', HEARTH_EAP: 'ComPsych, 555-0100' }).district.eap,
    ).toBe('ComPsych, 555-0100');
  });

  it('names a value that is too long', () => {
    expect(() => loadConfig({ HEARTH_REPORTING_PROCEDURE: 'x'.repeat(1001) })).toThrow(
      'HEARTH_REPORTING_PROCEDURE must be at most 1000 characters',
    );
  });
});

describe('HEARTH_SURVEY_MIN_GROUP', () => {
  it('is 10 unless set, a whole number from 3 to 1000', () => {
    expect(loadConfig({}).surveyMinGroup).toBe(10);
    expect(loadConfig({ HEARTH_SURVEY_MIN_GROUP: '25' }).surveyMinGroup).toBe(25);
    for (const bad of ['2', '1001', 'ten', '7.5'])
      expect(() => loadConfig({ HEARTH_SURVEY_MIN_GROUP: bad })).toThrow(
        'HEARTH_SURVEY_MIN_GROUP must be a whole number from 3 to 1000',
      );
  });
});
