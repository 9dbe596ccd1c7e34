import { describe, expect, it } from '@jest/globals';
import { parseEnrolmentCsv } from './enrolment-csv.js';

const csv = (text: string) => parseEnrolmentCsv(Buffer.from(text));

describe('the enrolment CSV', () => {
  it('reads the employee_id column of a roster export, ignoring the others and blank lines', () => {
    expect(csv('\uFEFFEmployee_ID,first_name\r\nE1,Ana\r\n\r\nE2,Bo\r\n')).toEqual({
      ids: [
        { employeeId: 'E1', line: 2 },
        { employeeId: 'E2', line: 4 },
      ],
    });
  });

  it('reports every empty and repeated id at its line', () => {
    expect(csv('employee_id\nE1\n""\nE1\n')).toEqual({
      errors: [
        { line: 3, column: 'employee_id', message: 'employee_id is empty' },
        { line: 4, column: 'employee_id', message: 'E1 is also on line 2' },
      ],
    });
  });

  it('refuses a file without the column, without rows, or not in UTF-8', () => {
    expect(csv('id\nE1\n')).toEqual({
      errors: [{ line: 1, column: 'employee_id', message: 'the header row needs an employee_id column' }],
    });
    expect(csv('employee_id\n')).toEqual({
      errors: [{ line: 2, column: 'employee_id', message: 'the file has no rows after its header' }],
    });
    expect(parseEnrolmentCsv(Buffer.from([0x65, 0x0a, 0xff, 0x0a]))).toMatchObject({ errors: [{ line: 2 }] });
  });
});
