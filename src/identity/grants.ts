import type { Actor } from '../audit/audit.service.js';
import { ROLES, type Role } from './roles.js';

/**
 * Someone acting on accounts: a signed-in person with their roles, or the command line (null), which
 * runs on the server without a person behind it and is given no more than HR is.
 */
export type Acting = (Actor & { roles: readonly Role[] }) | null;

/** The roles a person may hand out: an admin any, everyone else only `learner` (every account's). */
export function grantable(by: Acting): readonly Role[] {
  return by?.roles.includes('admin') ? ROLES : ['learner'];
}

/**
 * Whether `by` may act for an account holding `roles`: issue it a sign-in link, attach a staff record to
 * it, change its e-mail. A sign-in link is the account itself, so only someone who could have granted
 * every one of its roles may make one: HR cannot reach a trainer, HR or admin account this way.
 */
export function mayActFor(by: Acting, roles: readonly Role[]): boolean {
  const allowed = grantable(by);
  return roles.every((role) => allowed.includes(role));
}

/** The roles above `learner` an account holds, for messages ("the roles hr, admin"). */
export function elevated(roles: readonly Role[]): Role[] {
  return roles.filter((role) => role !== 'learner');
}
