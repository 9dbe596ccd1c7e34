import { raw, sql, type Sql } from '../database/sql.js';

/**
 * For a query with an assignment or a certificate as `alias`: the row is this account's own, held as a
 * staff member or as a community learner (both tables carry `staff_id` and `community_learner_id`, one
 * of them set). The one way a learner's own records are found, whoever the learner is; each side is a
 * unique-index lookup, so either database answers it from its indexes.
 */
export function heldBy(accountId: number, alias = 'a'): Sql {
  const row = raw(alias);
  return sql`(${row}.staff_id = (SELECT hs.id FROM staff hs WHERE hs.account_id = ${accountId})
    OR ${row}.community_learner_id = (SELECT hc.id FROM community_learners hc WHERE hc.account_id = ${accountId}))`;
}

/**
 * Who holds an assignment, as it was read: a staff member, or a community learner (no job role: they
 * take the modules meant for everyone).
 */
export interface Holder {
  staffId: number | null;
  communityLearnerId: number | null;
}
