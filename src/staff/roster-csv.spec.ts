import { describe, expect, it } from '@jest/globals';
import { decodeRoster, parseRoster } from './roster-csv.js';

const HEADER = 'employee_id,first_name,last_name,email,site_code,job_role,hire_date';
const row = (id: string, extra: Partial<Record<string, string>> = {}) => {
  const v = {
    first: 'Ana',
    last: 'Lima',
    email: `${id.toLowerCase()}@d.test`,
    site: 'LIN',
    role: 'Teacher',
    hire: '2021-08-01',
    ...extra,
  };
  return [id, v.first, v.last, v.email, v.site, v.role, v.hire].join(',');
};
const csv = (...lines: string[]) => lines.join('\n') + '\n';

describe('parseRoster', () => {
  it('accepts a valid file and normalises email and job role', () => {
    const result = parseRoster(csv(HEADER, row('E1', { email: 'Ana.Lima@D.test' })));
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      expect.objectContaining({
        line: 2,
        employeeId: 'E1',
        email: 'ana.lima@d.test',
        jobRole: 'teacher',
        status: 'active',
      }),
    ]);
  });

  it('accepts a byte order mark, CRLF line ends and header names in any case', () => {
    const result = parseRoster('\uFEFF' + [HEADER.toUpperCase(), row('E1'), row('E2')].join('\r\n'));
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('keeps Unicode names as given, including quoted commas', () => {
    const result = parseRoster(csv(HEADER, 'E1,"Nguyễn Thị, Hồng",王,e1@d.test,LIN,teacher,2021-08-01'));
    expect(result.rows[0]).toMatchObject({ firstName: 'Nguyễn Thị, Hồng', lastName: '王' });
  });

  it('reports every problem of every row with its line and column', () => {
    const result = parseRoster(
      csv(
        HEADER,
        row('E1'),
        row('E2', { hire: '2024-13-45', email: 'not-an-email' }),
        row('E3', { site: '' }),
      ),
    );
    expect(result.errors).toEqual([
      { line: 3, column: 'email', message: '"not-an-email" is not an email address' },
      { line: 3, column: 'hire_date', message: '"2024-13-45" is not a date written YYYY-MM-DD' },
      { line: 4, column: 'site_code', message: 'is required' },
    ]);
  });

  it('refuses a duplicate employee id, naming the first line', () => {
    const result = parseRoster(csv(HEADER, row('E1'), row('E1', { email: 'other@d.test' })));
    expect(result.errors).toEqual([{ line: 3, column: 'employee_id', message: '"E1" is also on line 2' }]);
  });

  it('refuses an email used twice regardless of case', () => {
    const result = parseRoster(
      csv(HEADER, row('E1', { email: 'a@d.test' }), row('E2', { email: 'A@D.test' })),
    );
    expect(result.errors).toEqual([{ line: 3, column: 'email', message: '"a@d.test" is also on line 2' }]);
  });

  it('refuses an unknown status', () => {
    const result = parseRoster(csv(`${HEADER},status`, `${row('E1')},retired`));
    expect(result.errors).toEqual([
      { line: 2, column: 'status', message: '"retired" is not one of active, leave, inactive' },
    ]);
  });

  it('refuses ids that could be paths or SQL', () => {
    const result = parseRoster(
      csv(HEADER, row('../etc', { email: 'a@d.test' }), row("E2';DROP", { email: 'b@d.test' })),
    );
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'employee_id'],
      [3, 'employee_id'],
    ]);
  });

  it('names every missing required column', () => {
    const result = parseRoster(csv('employee_id,first_name,email', 'E1,Ana,a@d.test'));
    expect(result.errors.map((e) => e.column)).toEqual(['last_name', 'site_code', 'job_role', 'hire_date']);
    expect(result.errors[0]).toMatchObject({
      line: 1,
      message: 'the required column "last_name" is missing',
    });
  });

  it('explains a file separated by semicolons', () => {
    const result = parseRoster(csv(HEADER.replaceAll(',', ';'), row('E1').replaceAll(',', ';')));
    expect(result.errors[0].message).toContain(
      'the file seems to use ";" between columns; Hearth needs commas',
    );
  });

  it('refuses a row with the wrong number of values', () => {
    const result = parseRoster(csv(HEADER, row('E1'), 'E2,Ana,Lima'));
    expect(result.errors).toEqual([{ line: 3, column: '', message: 'expected 7 values, found 3' }]);
  });

  it('refuses an empty file and a header without rows', () => {
    expect(parseRoster('').errors[0].message).toContain('the file is empty');
    expect(parseRoster(csv(HEADER)).errors[0]).toEqual({
      line: 1,
      column: '',
      message: 'the file has a header row but no staff rows',
    });
  });

  it('reports an unclosed quote as invalid CSV with a line', () => {
    const result = parseRoster(csv(HEADER, row('E1'), 'E2,"Ana,Lima,e2@d.test,LIN,teacher,2021-08-01'));
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toMatch(/^the file is not valid CSV/);
    expect(result.errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it('ignores unknown columns and lists them as a warning', () => {
    const result = parseRoster(csv(`${HEADER},badge,notes`, `${row('E1')},7,x`));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(['ignored unknown columns: badge, notes']);
  });

  it('knows the district’s own job roles when they are configured', () => {
    const result = parseRoster(csv(HEADER, row('E1', { role: 'nurse' }), row('E2')), ['nurse']);
    expect(result.rows.map((r) => r.jobRole)).toEqual(['nurse', 'teacher']);
    expect(result.warnings).toEqual([
      'job_role "teacher" (line 3) is not one of nurse. Check the spelling, or add it to HEARTH_JOB_ROLES.',
    ]);
  });

  it('warns, with the lines, about a job role it does not know, claiming nothing about courses on its own', () => {
    const rows = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7'].map((id) =>
      row(id, { role: id === 'E1' ? 'wizard' : 'Classroom Teacher' }),
    );
    const result = parseRoster(csv(HEADER, ...rows, row('E8')));
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(8);
    const known = 'teacher, paraprofessional, counselor, administrator, support';
    expect(result.warnings).toEqual([
      `job_role "wizard" (line 2) is not one of ${known}. Check the spelling, or add it to HEARTH_JOB_ROLES.`,
      // A role with a space cannot be configured (ids have none): only the spelling is worth checking.
      `job_role "classroom teacher" (lines 3, 4, 5, 6, 7 and 1 more) is not one of ${known}. Check the spelling.`,
    ]);
  });

  it('names the courses for all staff that an unknown job role still gets, never "no course"', () => {
    const forAll = ['CARMA', 'Healing-Centered Practice'];
    const result = parseRoster(csv(HEADER, row('E1', { role: 'bus driver' })), undefined, () => forAll);
    expect(result.warnings).toEqual([
      'job_role "bus driver" (line 2) is not one of teacher, paraprofessional, counselor, administrator, ' +
        'support: these staff get only the courses for all staff (CARMA; Healing-Centered Practice), none ' +
        'of those for particular roles. Check the spelling.',
    ]);
  });

  it('says no course is assigned to an unknown job role only when none in force is', () => {
    const result = parseRoster(csv(HEADER, row('E1', { role: 'bus_driver' })), ['teacher'], () => []);
    expect(result.warnings).toEqual([
      'job_role "bus_driver" (line 2) is not one of teacher, and no course in force is assigned to it. ' +
        'Check the spelling, or add it to HEARTH_JOB_ROLES.',
    ]);
  });

  it('refuses a column named twice', () => {
    const result = parseRoster(csv(`${HEADER},email`, `${row('E1')},x@d.test`));
    expect(result.errors).toEqual([
      { line: 1, column: 'email', message: 'the column "email" appears twice in the header' },
    ]);
  });
});

describe('decodeRoster', () => {
  it('decodes UTF-8', () => {
    expect(decodeRoster(Buffer.from('a,b\nNguyễn,c\n'))).toEqual({ text: 'a,b\nNguyễn,c\n' });
  });

  it('refuses bytes that are not UTF-8, naming the line', () => {
    const latin1 = Buffer.concat([
      Buffer.from('a,b\nok,1\n'),
      Buffer.from([0x4e, 0x67, 0x75, 0xe9, 0x6e]),
      Buffer.from(',2\n'),
    ]);
    const result = decodeRoster(latin1);
    expect(result).toEqual({
      error: expect.objectContaining({ line: 3, message: expect.stringContaining('not UTF-8') }),
    });
  });
});

describe('parseRoster refuses characters that hide or reorder text', () => {
  const quoted = (value: string) => `"${value}"`;

  it.each([
    ['CR', '\r', 'U+000D'],
    ['LF', '\n', 'U+000A'],
    ['TAB', '\t', 'U+0009'],
    ['NUL', '\0', 'U+0000'],
    ['DEL', '\u007f', 'U+007F'],
    ['a C1 control', '\u0085', 'U+0085'],
  ])('refuses %s inside a name, naming the field and the character', (_name, character, code) => {
    const result = parseRoster(
      csv(HEADER, row('E1', { first: quoted(`Carriage${character}Return`) }), row('E2')),
    );
    expect(result.errors).toEqual([
      { line: 2, column: 'first_name', message: `contains a control character (${code}); remove it` },
    ]);
    expect(result.rows.map((r) => r.employeeId)).toEqual(['E2']);
  });

  it('refuses a control character in any field, once per field, without repeating the text', () => {
    const result = parseRoster(
      csv(
        `${HEADER},site_name,status`,
        `${row('E1', { last: 'Li\u0000ma', site: 'L\u001bIN', role: 'tea\u0007cher', hire: '2021\u0008-08-01' })},Lin\u009bcoln,act\u0001ive`,
      ),
    );
    expect(result.errors.map((e) => [e.column, e.message])).toEqual([
      ['last_name', 'contains a control character (U+0000); remove it'],
      ['site_code', 'contains a control character (U+001B); remove it'],
      ['site_name', 'contains a control character (U+009B); remove it'],
      ['job_role', 'contains a control character (U+0007); remove it'],
      ['hire_date', 'contains a control character (U+0008); remove it'],
      ['status', 'contains a control character (U+0001); remove it'],
    ]);
  });

  it('numbers rows as a spreadsheet does, after a line break inside a cell too', () => {
    const result = parseRoster(
      csv(HEADER, row('E1', { first: quoted('Line\nFeed') }), row('E2', { last: '' })),
    );
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'first_name'],
      [3, 'last_name'],
    ]);
  });

  it.each([
    ['a zero-width space', '\u200b', 'U+200B'],
    ['a zero-width joiner', '\u200d', 'U+200D'],
    ['a right-to-left override', '\u202e', 'U+202E'],
    ['a line separator', '\u2028', 'U+2028'],
    ['a word joiner', '\u2060', 'U+2060'],
    ['a direction isolate', '\u2066', 'U+2066'],
    ['a byte order mark', '\ufeff', 'U+FEFF'],
    ['a soft hyphen', '\u00ad', 'U+00AD'],
  ])('refuses %s in an email, so two accounts cannot look the same', (_name, character, code) => {
    const result = parseRoster(csv(HEADER, row('E1', { email: `ana${character}@d.test` })));
    expect(result.errors).toEqual([
      { line: 2, column: 'email', message: `contains an invisible character (${code}); remove it` },
    ]);
  });

  it('refuses invisible characters in employee ids and site codes too', () => {
    const result = parseRoster(csv(HEADER, row('E\u200b1', { email: 'e1@d.test', site: 'LIN\u202e' })));
    expect(result.errors.map((e) => [e.column, e.message])).toEqual([
      ['employee_id', 'contains an invisible character (U+200B); remove it'],
      ['site_code', 'contains an invisible character (U+202E); remove it'],
    ]);
  });

  it('keeps joiners and direction marks in names, which real names can need', () => {
    const result = parseRoster(
      csv(
        `${HEADER},site_name`,
        `${row('E1', { first: 'می\u200cخواهم', last: 'Lima\u202e' })},Lin\u200dcoln`,
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      firstName: 'می\u200cخواهم',
      lastName: 'Lima\u202e',
      siteName: 'Lin\u200dcoln',
    });
  });
});
