import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { brokenCopy, problemsOf, removeCopies } from '../../test/support/course-copies.js';
import { DEFAULT_DISTRICT_SETTINGS } from '../config/district-settings.js';
import { loadCourses } from './course-loader.js';

afterEach(removeCopies);

describe('loadCourses on the example course', () => {
  it('lets an audience name the district’s own job roles, and only those', () => {
    const root = brokenCopy('course.md', (t) => t.replace('paraprofessional]', 'nurse]'));
    expect(loadCourses(root, ['teacher', 'nurse']).courses[0]?.audienceRoles).toEqual(['teacher', 'nurse']);
    expect(loadCourses(root, ['teacher', 'nurse']).problems).toEqual([]);
    expect(problemsOf(root)).toEqual([
      'example/2026-27/course.md:6: unknown audience role "nurse" (known job roles: teacher, paraprofessional, counselor, administrator, support)',
    ]);
  });

  it('loads it with no problems', () => {
    const result = loadCourses(resolve('test/fixtures/courses'));
    expect(result.problems).toEqual([]);
    const [course] = result.courses;
    expect(course).toMatchObject({ id: 'example', edition: '2026-27', audienceRoles: ['teacher', 'paraprofessional'], pdHours: 0.5, draft: false });
    expect(course.modules.map((m) => [m.id, m.minutes, m.contentNote])).toEqual([
      ['welcome', 8, null],
      ['hard-days', 10, 'This module mentions grief and family illness.'],
    ]);
    expect(course.quiz.map((q) => [q.id, q.type, q.answer])).toEqual([
      ['q1', 'single', ['a']],
      ['q2', 'multiple', ['a', 'c']],
      ['q3', 'single', ['a']],
    ]);
    expect(course.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders callouts as asides, anchors headings and serves images from the course folder', () => {
    const [course] = loadCourses(resolve('test/fixtures/courses')).courses;
    const html = course.modules[0].html;
    expect(html).toContain('<h2 id="why-we-are-here">Why we are here</h2>');
    expect(html).toContain('<div class="callout callout-reflection" role="note" aria-label="Reflection"><p class="callout-title">Reflection</p>');
    expect(html).toContain('<img src="/course-files/example/2026-27/images/calm-corner.png" alt="A calm corner in a classroom" loading="lazy" />');
  });

  it('escapes raw HTML and drops javascript: links', () => {
    const root = brokenCopy('modules/01-welcome.md', (t) => `${t}\n<script>alert("x")</script>\n\n[click](javascript:alert(1)) and <b onclick="x()">bold</b>\n`);
    const [course] = loadCourses(root).courses;
    const html = course.modules[0].html;
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;b onclick=&quot;x()&quot;&gt;');
  });

  it('changes the module and edition hashes when a module changes, and only those', () => {
    const before = loadCourses(resolve('test/fixtures/courses')).courses[0];
    const root = brokenCopy('modules/02-hard-days.md', (t) => t.replace('quiet all week', 'quiet for days'));
    const after = loadCourses(root).courses[0];
    expect(after.modules[0].contentHash).toBe(before.modules[0].contentHash);
    expect(after.modules[1].contentHash).not.toBe(before.modules[1].contentHash);
    expect(after.contentHash).not.toBe(before.contentHash);
  });

  it('skips a broken edition but still serves the good ones', () => {
    const root = brokenCopy('course.md', (t) => t.replace('passingScore: 80', 'passingScore: 800'));
    cpSync(resolve('courses/carma'), join(root, 'carma'), { recursive: true });
    const result = loadCourses(root);
    expect(result.courses.map((c) => c.id)).toEqual(['carma']);
    expect(result.found.map((f) => [f.folder, f.problems.length > 0])).toEqual([
      ['carma/2026-27', false],
      ['example/2026-27', true],
    ]);
  });
});

describe('loadCourses reports each problem with its file and line', () => {
  /** name, file changed, the change, then the problems expected (each a prefix of the full message). */
  const cases: [string, string, (text: string) => string, ...string[]][] = [
    ['bad YAML', 'course.md', (t) => t.replace('summary: A small', 'summary: note: A small'), 'example/2026-27/course.md:5: YAML: Nested mappings are not allowed in compact mappings'],
    ['a missing field', 'course.md', (t) => t.replace(/summary: .*\n/, ''), 'example/2026-27/course.md:2: missing field "summary"'],
    ['a mistyped field', 'course.md', (t) => t.replace('pdHours: 0.5', 'pdHours: lots'), 'example/2026-27/course.md:11: "pdHours" must be a number (found "lots")'],
    ['a misspelt field', 'course.md', (t) => t.replace('newHireDueDays:', 'newHireDueDay:'), 'example/2026-27/course.md:2: missing field "newHireDueDays"', 'example/2026-27/course.md:9: unknown field "newHireDueDay"'],
    ['a passing score out of range', 'course.md', (t) => t.replace('passingScore: 80', 'passingScore: 120'), 'example/2026-27/course.md:12: "passingScore" must be a whole number from 1 to 100 (found 120)'],
    ['an unknown audience role', 'course.md', (t) => t.replace('paraprofessional]', 'wizard]'), 'example/2026-27/course.md:6: unknown audience role "wizard" (known job roles: teacher, paraprofessional, counselor, administrator, support)'],
    ['a due date before the open date', 'course.md', (t) => t.replace('dueDate: 2026-10-31', 'dueDate: 2026-07-01'), 'example/2026-27/course.md:8: "dueDate" 2026-07-01 is before "opensOn" 2026-08-01'],
    ['an impossible date', 'course.md', (t) => t.replace('opensOn: 2026-08-01', 'opensOn: 2026-02-30'), 'example/2026-27/course.md:7: "opensOn" must be a date written YYYY-MM-DD (found "2026-02-30")'],
    ['an edition that does not match its folder', 'course.md', (t) => t.replace('edition: 2026-27', 'edition: 2025-26'), 'example/2026-27/course.md:3: "edition" 2025-26 does not match its folder name "2026-27"'],
    ['no front matter', 'modules/02-hard-days.md', (t) => t.replace(/^---\n/, ''), 'example/2026-27/modules/02-hard-days.md:1: the file must start with front matter'],
    ['a duplicate module id', 'modules/02-hard-days.md', (t) => t.replace('id: hard-days', 'id: welcome'), 'example/2026-27/modules/02-hard-days.md:2: module id "welcome" is also used by 01-welcome.md'],
    ['a module minutes that is not a number', 'modules/01-welcome.md', (t) => t.replace('minutes: 8', 'minutes: eight'), 'example/2026-27/modules/01-welcome.md:4: "minutes" must be a whole number (found "eight")'],
    ['a broken image link', 'modules/01-welcome.md', (t) => t.replace('calm-corner.png', 'missing.png'), 'example/2026-27/modules/01-welcome.md:10: image "../images/missing.png" does not exist'],
    ['an image outside the course folder', 'modules/01-welcome.md', (t) => t.replace('../images/calm-corner.png', '../../../../../etc/passwd.png'), 'example/2026-27/modules/01-welcome.md:10: image "../../../../../etc/passwd.png" points outside the course folder'],
    ['an image on another site', 'modules/01-welcome.md', (t) => t.replace('../images/calm-corner.png', 'https://example.org/x.png'), 'example/2026-27/modules/01-welcome.md:10: image "https://example.org/x.png" must be a relative path to a file inside the course folder'],
    ['a quiz answer that names no option', 'quiz.yaml', (t) => t.replace('    answer: [a, c]', '    answer: [a, z]'), 'example/2026-27/quiz.yaml:22: question 2: answer "z" names no option (options: a, b, c)'],
    ['a single-choice question with two answers', 'quiz.yaml', (t) => t.replace('    answer: a\n    explanation: A private', '    answer: [a, b]\n    explanation: A private'), 'example/2026-27/quiz.yaml:10: question 1: a single-choice question needs exactly one answer'],
    ['a duplicate question id', 'quiz.yaml', (t) => t.replace('id: q3', 'id: q1'), 'example/2026-27/quiz.yaml:24: question 3: question id "q1" is used twice'],
    ['a question without an explanation', 'quiz.yaml', (t) => t.replace(/ {4}explanation: Calm.*\n/, ''), 'example/2026-27/quiz.yaml:24: question 3: missing field "explanation"'],
    ['an unknown question type', 'quiz.yaml', (t) => t.replace('type: multiple', 'type: several'), 'example/2026-27/quiz.yaml:13: question 2: "type" must be single or multiple (found "several")'],
  ];

  it.each(cases)('%s', (_name, file, change, ...expected) => {
    const prefix = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(problemsOf(brokenCopy(file, change))).toEqual(expected.map(prefix));
  });
});

describe('loadCourses keeps a bad file to its own edition', () => {
  it('reports a module whose front matter is not "field: value" lines, instead of leaving it out unsaid', () => {
    const root = brokenCopy('modules/02-hard-days.md', (t) => t.replace(/^---\n[\s\S]*?\n---/, '---\n- just\n- a list\n---'));
    expect(problemsOf(root)).toContain('example/2026-27/modules/02-hard-days.md:2: the front matter must be a list of "field: value" lines');
  });

  /** "Billion laughs": nine lines that expand to 9^8 strings. */
  const BOMB = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((name, i) => {
      const previous = 'abcdefgh'[i];
      return `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`;
    }),
  ].join('\n');
  const withCarma = (root: string) => {
    cpSync(resolve('courses/carma'), join(root, 'carma'), { recursive: true });
    return root;
  };
  const edition = (root: string) => join(root, 'example/2026-27');

  it('refuses an alias bomb in quiz.yaml at its line, and still loads the other editions', () => {
    const root = withCarma(brokenCopy('quiz.yaml', () => `${BOMB}\nquestions: *i\n`));
    const result = loadCourses(root);
    expect(result.courses.map((c) => c.id)).toEqual(['carma']);
    expect(problemsOf(root)).toEqual([
      'example/2026-27/quiz.yaml:2: YAML: aliases here expand to more than 32 copies of their values; write the values out instead',
    ]);
  });

  it('refuses an alias bomb in front matter, at its line in the file', () => {
    const root = brokenCopy('modules/01-welcome.md', (t) => t.replace('---\n', `---\n${BOMB}\n`));
    expect(problemsOf(root)).toEqual([
      'example/2026-27/modules/01-welcome.md:3: YAML: aliases here expand to more than 32 copies of their values; write the values out instead',
    ]);
  });

  it('still accepts a few aliases', () => {
    const root = brokenCopy('quiz.yaml', (t) =>
      t
        .replace('explanation: A private', 'explanation: &kind A private')
        .replace(/explanation: Calm.*/, 'explanation: *kind'),
    );
    const [course] = loadCourses(root).courses;
    expect(course.quiz[2].explanation).toBe(course.quiz[0].explanation);
  });

  it('refuses YAML nested deeper than any course needs, at its line', () => {
    const root = brokenCopy('quiz.yaml', () => `questions:\n  - ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(problemsOf(root)).toEqual([
      'example/2026-27/quiz.yaml:2: YAML: the values nest more than 32 levels deep; a course file needs only a few',
    ]);
  });

  it('reports a folder named like a module as a problem with its path, and checks the other modules', () => {
    const root = brokenCopy('modules/02-hard-days.md', (t) => t.replace('minutes: 10', 'minutes: ten'));
    mkdirSync(join(edition(root), 'modules/01-one.md'));
    expect(problemsOf(root)).toEqual([
      'example/2026-27/modules/01-one.md:0: is a folder where a Markdown file is expected',
      expect.stringMatching(/^example\/2026-27\/modules\/02-hard-days\.md:4: "minutes" must be a whole number/),
    ]);
  });

  it('reports a course.md or quiz.yaml that is not a file, and a module that cannot be read', () => {
    const root = brokenCopy('course.md', (t) => t);
    rmSync(join(edition(root), 'quiz.yaml'));
    mkdirSync(join(edition(root), 'quiz.yaml'));
    symlinkSync(join(edition(root), 'nowhere.md'), join(edition(root), 'modules/03-gone.md'));
    expect(problemsOf(root)).toEqual([
      'example/2026-27/modules/03-gone.md:0: cannot be read (ENOENT)',
      'example/2026-27/quiz.yaml:0: is a folder where a YAML file is expected',
    ]);
    rmSync(join(edition(root), 'course.md'));
    mkdirSync(join(edition(root), 'course.md'));
    expect(problemsOf(root)).toEqual(['example/2026-27/course.md:0: is a folder where a Markdown file is expected']);
  });

  it('refuses a file over 1 MB, at line 1, without reading it into a course', () => {
    const root = withCarma(brokenCopy('modules/02-hard-days.md', (t) => t + 'A long paragraph. '.repeat(60_000)));
    const result = loadCourses(root);
    expect(result.courses.map((c) => c.id)).toEqual(['carma']);
    expect(problemsOf(root)).toEqual([
      expect.stringMatching(
        /^example\/2026-27\/modules\/02-hard-days\.md:1: the file is 1,\d{3},\d{3} bytes; a course file may be at most 1 MB \(1,048,576 bytes\)/,
      ),
    ]);
  });
});

describe('loadCourses fills {{district.KEY}} placeholders', () => {
  const district = { ...DEFAULT_DISTRICT_SETTINGS, state_hotline: '**1-800-555-0100** <b>now</b>', reporting_procedure: 'Tell the principal, then call.' };

  it('fills module text, escaped and never read as Markdown', () => {
    const root = brokenCopy('modules/01-welcome.md', (t) => `${t}\nCall {{district.state_hotline}} today.\n`);
    const [course] = loadCourses(root, undefined, district).courses;
    expect(course.modules[0].html).toContain('Call **1-800-555-0100** &lt;b&gt;now&lt;/b&gt; today.');
  });

  it('fills quiz prompts, options and explanations', () => {
    const root = brokenCopy('quiz.yaml', (t) =>
      t.replace('What is a good first step?', 'What does {{district.reporting_procedure}} say?').replace('Greeting them by name.', 'Calling {{district.state_hotline}}.'),
    );
    const [course] = loadCourses(root, undefined, district).courses;
    expect(course.quiz[0].prompt).toBe('A usually chatty student has been quiet all week. What does Tell the principal, then call. say?');
    expect(course.quiz[1].options[0].text).toBe('Calling **1-800-555-0100** <b>now</b>.');
  });

  it('records which text was read, whatever the configuration', () => {
    const root = brokenCopy('modules/01-welcome.md', (t) => `${t}\nCall {{district.state_hotline}}.\n`);
    const [one] = loadCourses(root).courses;
    const [other] = loadCourses(root, undefined, district).courses;
    expect(one.modules[0].html).not.toBe(other.modules[0].html);
    expect(one.contentHash).toBe(other.contentHash);
    expect(one.modules[0].contentHash).toBe(other.modules[0].contentHash);
  });

  it('reports an unknown or malformed placeholder at its file and line, and does not serve the edition', () => {
    const root = brokenCopy('modules/01-welcome.md', (t) => `${t}\nCall {{district.nope}}.\n`);
    const lines = readFileSync(join(root, 'example/2026-27/modules/01-welcome.md'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('{{district.nope}}')) + 1;
    const result = loadCourses(root);
    expect(result.courses).toEqual([]);
    expect(problemsOf(root)).toEqual([expect.stringMatching(new RegExp(`^example/2026-27/modules/01-welcome\\.md:${line}: unknown placeholder "\\{\\{district\\.nope\\}\\}"`))]);
  });

  it('refuses a placeholder in a link’s address, where it could never be filled', () => {
    const root = brokenCopy('modules/01-welcome.md', (t) => `${t}\n[Call now](tel:{{district.state_hotline}})\n`);
    const line = readFileSync(join(root, 'example/2026-27/modules/01-welcome.md'), 'utf8').split('\n').findIndex((l) => l.startsWith('[Call now]')) + 1;
    expect(problemsOf(root)).toEqual([`example/2026-27/modules/01-welcome.md:${line}: a {{district.KEY}} placeholder cannot be part of a link’s address: write it in the text`]);
  });

  it('reports a bad placeholder in the quiz at its field’s line', () => {
    const root = brokenCopy('quiz.yaml', (t) => t.replace('Names matter;', 'Names matter {{ district.eap }};'));
    expect(problemsOf(root)).toEqual([expect.stringMatching(/^example\/2026-27\/quiz\.yaml:23: question 2: malformed placeholder "\{\{ district\.eap \}\}"/)]);
  });
});

describe('loadCourses reads a content note at the top of quiz.yaml', () => {
  it('keeps it for the quiz page, or null without one', () => {
    expect(loadCourses(resolve('test/fixtures/courses')).courses[0].quizContentNote).toBeNull();
    const root = brokenCopy('quiz.yaml', (t) => `contentNote: Some questions describe a child in danger.\n${t}`);
    expect(loadCourses(root).courses[0].quizContentNote).toBe('Some questions describe a child in danger.');
  });

  it.each([
    ['not text', 'contentNote: [grief]\n', 'example/2026-27/quiz.yaml:1: "contentNote" must be text'],
    ['too long', `contentNote: ${'x'.repeat(1001)}\n`, 'example/2026-27/quiz.yaml:1: "contentNote" must be at most 1000 characters'],
    ['misspelt', 'contentNotes: grief\n', 'example/2026-27/quiz.yaml:1: unknown field "contentNotes"'],
  ])('reports one that is %s with its line', (_name, line, problem) => {
    const root = brokenCopy('quiz.yaml', (t) => `${line}${t}`);
    expect(problemsOf(root)).toEqual([problem]);
  });
});

describe('loadCourses warns about answer cues in a quiz', () => {
  it('still serves the edition, with each warning at its file and line', () => {
    const result = loadCourses(resolve('test/fixtures/courses'));
    expect(result.problems).toEqual([]);
    expect(result.courses).toHaveLength(1);
    expect(result.warnings.map((w) => `${w.file}:${w.line}: ${w.message.split(';')[0]}`)).toEqual([
      'example/2026-27/quiz.yaml:2: the right answer is the longest option in 2 of 2 single-answer questions',
    ]);
    expect(result.found[0].warnings).toEqual(result.warnings);
  });
});

describe('loadCourses reads a module’s own audience', () => {
  const forParas = (t: string) => t.replace('minutes: 10\n', 'minutes: 10\naudienceRoles: [paraprofessional]\n');

  it('keeps it, and every other module stays for everyone', () => {
    const [course] = loadCourses(brokenCopy('modules/02-hard-days.md', forParas)).courses;
    expect(course.modules.map((m) => [m.id, m.audienceRoles])).toEqual([
      ['welcome', 'all'],
      ['hard-days', ['paraprofessional']],
    ]);
  });

  it('refuses a role the course is not assigned to, at its line', () => {
    const root = brokenCopy('modules/02-hard-days.md', (t) => t.replace('minutes: 10\n', 'minutes: 10\naudienceRoles: [counselor]\n'));
    expect(problemsOf(root)).toEqual([
      'example/2026-27/modules/02-hard-days.md:5: "audienceRoles" names counselor, but the course is not assigned to that role (course.md audienceRoles: teacher, paraprofessional)',
    ]);
  });

  it('refuses an unknown role, at its line', () => {
    const root = brokenCopy('modules/02-hard-days.md', (t) => t.replace('minutes: 10\n', 'minutes: 10\naudienceRoles: [principal]\n'));
    expect(problemsOf(root)).toEqual([
      'example/2026-27/modules/02-hard-days.md:5: unknown audience role "principal" (known job roles: teacher, paraprofessional, counselor, administrator, support)',
    ]);
  });

  it('refuses an edition in which some role of its audience has no module to read', () => {
    const root = brokenCopy('modules/02-hard-days.md', forParas);
    writeFileSync(
      join(root, 'example/2026-27/modules/01-welcome.md'),
      forParas(readFileSync(join(root, 'example/2026-27/modules/01-welcome.md'), 'utf8').replace(/minutes: (\d+)\n/, 'minutes: $1\naudienceRoles: [paraprofessional]\n')),
    );
    expect(problemsOf(root)).toEqual([
      'example/2026-27/modules:0: no module is for teacher, though the course is assigned to them: give at least one module no audienceRoles',
    ]);
  });
});
