import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol } from '../support/people.js';
import { rawRequest, type RawResponse } from '../support/raw-http.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

/** What any one request may cost the server before it answers (the whole event loop waits meanwhile). */
const FAST_MS = 100;
const JSON_TYPE = { 'content-type': 'application/json' };

const wide = (keys: number, prefix = 'k'): Record<string, number> => {
  const object: Record<string, number> = {};
  for (let i = 0; i < keys; i++) object[`${prefix}${i}`] = 1;
  return object;
};
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('JSON and form bodies: bounded in size and shape before parsing and validation', () => {
  let server: TestServer;
  let learner: Api;
  const answers = '/api/me/courses/example/quiz/attempts';

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(admin, [makeStaff({ employeeId: 'B1', email: 'bounds@district.test' })]);
    learner = sessions.get('bounds@district.test') as Api;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** Bodies over the size limit are only announced: the server must refuse them unread. */
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    rawRequest(server.url, 'POST', path, { ...JSON_TYPE, ...headers }, body, {
      announceOnly: Buffer.byteLength(body) > 64 * 1024,
    });
  const asLearner = () => learner.authHeaders();
  const message = (response: RawResponse) => (JSON.parse(response.body) as { message: unknown }).message;

  describe("the security probe's four requests", () => {
    it('a sign-in with 60,000 unknown keys (770 KB) is refused by its size, at once', async () => {
      const body = JSON.stringify({ email: 'a@district.test', password: 'x', ...wide(60_000, 'key') });
      expect(body.length).toBeGreaterThan(750_000);
      const response = await post('/api/auth/login', body);
      expect([response.status, message(response)]).toEqual([413, expect.stringContaining('too large')]);
      expect(response.body.length).toBeLessThan(200);
      expect(response.ms).toBeLessThan(FAST_MS);
    });

    it('quiz answers with 60,000 keys are refused at once, with a short answer', async () => {
      const response = await post(answers, JSON.stringify({ answers: wide(60_000, 'q') }), asLearner());
      expect(response.status).toBe(413);
      expect(response.body.length).toBeLessThan(200);
      expect(response.ms).toBeLessThan(FAST_MS);
    });

    it('a 400,000-deep array and a 150,000-deep object are refused (4xx, not 500)', async () => {
      for (const body of [deepArray(400_000), deepObject(150_000)]) {
        const response = await post('/api/auth/login', body);
        expect(response.status).toBe(413);
        expect(response.ms).toBeLessThan(FAST_MS);
      }
    });
  });

  describe('the same shapes within the size limit', () => {
    it('too many keys: 400, naming the limit, at once', async () => {
      const cases: [string, string, Record<string, string>][] = [
        ['/api/auth/login', JSON.stringify({ email: 'a@district.test', password: 'x', ...wide(2_000) }), {}],
        [answers, JSON.stringify({ answers: wide(2_000, 'q') }), asLearner()],
        ['/api/auth/login', JSON.stringify(Array.from({ length: 5_000 }, () => 0)), {}],
      ];
      for (const [path, body, headers] of cases) {
        expect(body.length).toBeLessThan(64 * 1024);
        const response = await post(path, body, headers);
        expect([response.status, message(response)]).toEqual([
          400,
          'The JSON body has more than 1000 keys and items in all',
        ]);
        expect(response.ms).toBeLessThan(FAST_MS);
      }
    });

    it('too deep: 400, naming the limit, at once (not a 500 from a stack overflow)', async () => {
      for (const body of [deepArray(20_000), deepObject(5_000), deepArray(9)]) {
        const response = await post('/api/auth/login', body);
        expect([response.status, message(response)]).toEqual([
          400,
          'The JSON body is nested more than 8 levels deep',
        ]);
        expect(response.ms).toBeLessThan(FAST_MS);
      }
    });

    it('within both bounds, a quiz with 990 unknown questions gets a short list of problems', async () => {
      const response = await post(answers, JSON.stringify({ answers: wide(990, 'nope') }), asLearner());
      expect(response.status).toBe(400);
      const problems = message(response) as string[];
      expect(problems).toHaveLength(21);
      expect(problems[0]).toBe('answers.nope0 is not a question of this quiz');
      expect(problems[20]).toBe('… and 973 more problems');
      expect(response.body.length).toBeLessThan(2_000);
    });

    it('an ordinary sign-in and quiz attempt still work', async () => {
      const response = await post(
        '/api/auth/login',
        JSON.stringify({ email: 'bounds@district.test', password: 'a-long-password-1' }),
      );
      expect(response.status).toBe(200);
      const quiz = await post(
        answers,
        JSON.stringify({ answers: { q1: 'a', q2: ['a', 'c'], q3: 'a' } }),
        asLearner(),
      );
      expect(quiz.status).toBe(200);
    });
  });

  it('answers random wide and deep JSON bodies within 100 ms each, never with a 5xx', async () => {
    const next = random(20261202);
    const pick = (max: number) => 1 + Math.floor(next() ** 3 * max);
    const slowest: { ms: number; what: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const width = pick(60_000);
      const depth = pick(400_000);
      const kind = Math.floor(next() * 4);
      const inner = kind === 0 ? '1' : JSON.stringify(wide(width));
      const body =
        kind === 0
          ? deepArray(depth)
          : kind === 1
            ? '{"a":'.repeat(depth) + inner + '}'.repeat(depth)
            : kind === 2
              ? JSON.stringify({ answers: wide(width, 'q') })
              : `[${Array.from({ length: Math.min(width, 2_000) }, () => deepArray(pick(20))).join(',')}]`;
      const response = await post(i % 2 ? answers : '/api/auth/login', body, i % 2 ? asLearner() : {});
      const what = `kind ${kind}, width ${width}, depth ${depth}, ${body.length} bytes: ${response.status}`;
      expect([what, response.status < 500]).toEqual([what, true]);
      slowest.push({ ms: Math.round(response.ms), what });
    }
    slowest.sort((a, b) => b.ms - a.ms);
    const [worst] = slowest;
    // The slowest, named: what it was and how long it took.
    expect(`${worst.what} in ${worst.ms} ms`).toMatch(/ in \d{1,2} ms$/);
  }, 60_000);

  describe('page forms', () => {
    const form = (body: string) =>
      rawRequest(server.url, 'POST', '/login', { 'content-type': 'application/x-www-form-urlencoded' }, body);

    it('a form with 5,000 fields is refused before anything reads it', async () => {
      const body = Array.from({ length: 5_000 }, (_, i) => `f${i}=1`).join('&');
      const response = await form(body);
      expect([response.status, response.body]).toEqual([
        400,
        expect.stringContaining('The form has more than 1000 fields'),
      ]);
      expect(response.ms).toBeLessThan(FAST_MS);
    });

    it('a form over 64 KB is refused by its size', async () => {
      const response = await rawRequest(
        server.url,
        'POST',
        '/login',
        { 'content-type': 'application/x-www-form-urlencoded' },
        `email=${'a'.repeat(100_000)}`,
        { announceOnly: true },
      );
      expect([response.status, response.body]).toEqual([413, expect.stringContaining('too large')]);
    });

    it('a multipart field over 64 KB is refused, not silently cut short', async () => {
      const boundary = 'hearthboundary';
      const body = [
        `--${boundary}`,
        'content-disposition: form-data; name="email"',
        '',
        'a'.repeat(100_000),
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const response = await rawRequest(
        server.url,
        'POST',
        '/login',
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
      );
      expect([response.status, response.body]).toEqual([413, expect.stringContaining('too large')]);
    });
  });
});
