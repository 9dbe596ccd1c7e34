import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from './roles.js';

/** The signed-in account behind a request. */
export interface Principal {
  accountId: number;
  email: string;
  roles: Role[];
  sessionId: number;
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
 * Who is acting in a request that needs a signed-in person (the route's access rule guarantees one): for
 * the audit log, and for what they may grant (`grants.ts`).
 */
export function actorOf(request: FastifyRequest): { accountId: number; email: string; roles: Role[] } {
  const principal = request.principal;
  if (!principal) throw new UnauthorizedException('Sign in first');
  return { accountId: principal.accountId, email: principal.email, roles: principal.roles };
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
