import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './access.guard.js';
import type { Role } from './roles.js';
import { SESSION_HOURS } from './sessions.service.js';

/** Every cookie Hearth sets: out of scripts' reach, sent on top-level navigation from elsewhere only. */
const options = (secure: boolean, path: string) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure,
  path,
});

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { ...options(secure, '/'), maxAge: SESSION_HOURS * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, options(secure, '/'));
}

/** Binds a started single sign-on to the browser that started it. */
export const SSO_STATE_COOKIE = 'hearth_sso_state';
const SSO_STATE_PATH = '/auth/oidc';

export function setSsoStateCookie(
  reply: FastifyReply,
  state: string,
  secure: boolean,
  minutes: number,
): void {
  reply.setCookie(SSO_STATE_COOKIE, state, { ...options(secure, SSO_STATE_PATH), maxAge: minutes * 60 });
}

export function clearSsoStateCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SSO_STATE_COOKIE, options(secure, SSO_STATE_PATH));
}

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
}

/** Each role's own home: admins on People, HR on Compliance, trainers on Courses, learners on My training. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes('admin')) return '/admin/people';
  if (roles.includes('hr')) return '/hr';
  if (roles.includes('trainer')) return '/trainer/courses';
  return '/';
}

/**
 * Where a sign-in lands, whichever way it was made (the password form, single sign-on, the sign-in page
 * of someone already signed in, and so an accepted invitation, which leads to one of these): the page
 * the person wanted, or, when that is none or the home page, their role's own home.
 */
export function landingAfterSignIn(next: unknown, roles: readonly Role[]): string {
  const wanted = safeNext(next);
  return wanted === '/' ? homeFor(roles) : wanted;
}
