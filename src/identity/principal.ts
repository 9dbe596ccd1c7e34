import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from './roles.js';

/** The signed-in account behind a request. */
export interface Principal {
  accountId: number;
  email: string;
  roles: Role[];
  sessionId: number;
  /**
   * Whether the account leads a site (an active `administrator` on the roster), as the session's lookup
   * found it: for the navigation only; access to a site's report asks the database itself.
   */
  leadsSite?: boolean;
  /** Whether the account is a community learner's (not staff): for the navigation only. */
  community?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function hasRole(principal: Principal | undefined, ...roles: Role[]): boolean {
  return !!principal && roles.some((role) => principal.roles.includes(role));
}

/**
 * The signed-in person, as a handler parameter: `@Me() me: Principal`. Only on routes whose access rule
 * requires a signed-in account (the AccessGuard has then resolved one).
 */
export const Me = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new UnauthorizedException('Sign in first');
  return principal;
});
