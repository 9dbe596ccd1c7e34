import { foldForSearch } from '../common/search-text.js';

/**
 * What a staff row's `search_text` holds: last name, first name, employee id and e-mail, folded for
 * searching. Every write of a staff row, or of its account's e-mail, stores it (the roster import, the
 * migration that added it), so the staff search compares stored text and sorts by name (accents and
 * case aside) with an index, on SQLite and PostgreSQL alike.
 */
export function staffSearchText(person: {
  firstName: string;
  lastName: string;
  employeeId: string;
  email: string;
}): string {
  return foldForSearch(`${person.lastName} ${person.firstName} ${person.employeeId} ${person.email}`);
}
