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
