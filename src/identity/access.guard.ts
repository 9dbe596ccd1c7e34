import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { requestPath } from '../common/request-path.js';
import { ANSWERS_DURING_STARTUP, StartupGate } from '../common/startup-gate.js';
import { ACCESS_KEY, type Access } from './access.decorators.js';
import { SessionsService } from './sessions.service.js';

export const SESSION_COOKIE = 'hearth_session';

/** API or page, by the decoded path (`/%61pi/…` is the API too): bearer only, no-store, no CSRF token. */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = requestPath(request);
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Runs on every route. The API authenticates with `Authorization: Bearer`, pages with the session cookie
 * (never both, so a cookie can never be used to call the API from another site). A route with no
 * access rule is refused: forgetting to decide is a bug, not an open door.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly gate: StartupGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.gate.isOpen && !this.answersDuringStartup(context)) await this.gate.whenOpen();
    if (access === undefined) {
      this.logger.error(`No access rule on ${context.getClass().name}.${context.getHandler().name}: refused`);
      throw new ForbiddenException('This route has no access rule');
    }
    const token = this.tokenOf(request);
    if (token) request.principal = await this.sessions.resolve(token);
    if (access === 'public') return true;
    const principal = request.principal;
    if (!principal) throw new UnauthorizedException('Sign in first');
    if (access === 'signed-in') return true;
    if (!access.some((role) => principal.roles.includes(role))) {
      throw new ForbiddenException(`This needs one of the roles: ${access.join(', ')}`);
    }
    return true;
  }

  private answersDuringStartup(context: ExecutionContext): boolean {
    return this.reflector.get<boolean | undefined>(ANSWERS_DURING_STARTUP, context.getHandler()) === true;
  }

  private tokenOf(request: FastifyRequest): string | undefined {
    if (isApiRequest(request)) {
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      return match?.[1];
    }
    return request.cookies?.[SESSION_COOKIE];
  }
}
