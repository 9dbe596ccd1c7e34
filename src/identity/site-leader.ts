import { raw, type Sql } from '../database/sql.js';

/** The roster's job role whose active holders lead their site (CONTRACT: "Reminders and site leaders"). */
export const SITE_LEADER_JOB_ROLE = 'administrator';

/**
 * The one definition of a site leader, as SQL over the `staff` row named `alias`: an active staff
 * member whose job role is `administrator` (on leave or inactive, they lead nothing). Here, beside the
 * accounts, because resolving a session uses it too (for the navigation).
 */
export function leadsSite(alias: string): Sql {
  if (!/^[a-z_]+$/.test(alias)) throw new Error(`Not a table alias: ${alias}`);
  return raw(`${alias}.job_role = '${SITE_LEADER_JOB_ROLE}' AND ${alias}.status = 'active'`);
}
