import { Controller, Get, NotFoundException, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, type OidcSettings } from '../../config/app-config.js';
import { ViewService } from '../../web/view.service.js';
import { Public } from '../access.decorators.js';
import {
  clearSsoStateCookie,
  safeNext,
  setSessionCookie,
  setSsoStateCookie,
  SSO_STATE_COOKIE,
} from '../session-cookie.js';
import { FLOW_MINUTES, SingleSignOnService, SsoRefusal, SsoUnavailable } from './single-sign-on.service.js';

@ApiExcludeController()
@Controller('auth/oidc')
export class SingleSignOnPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly sso: SingleSignOnService,
    private readonly config: AppConfig,
  ) {}

  @Get('start')
  @Public()
  async start(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('next') next?: string) {
    const settings = this.settings();
    try {
      const { url, state } = await this.sso.start(settings, safeNext(next));
      setSsoStateCookie(reply, state, this.config.secureCookies, FLOW_MINUTES);
      return reply.redirect(url, 303);
    } catch (error) {
      return this.failed(request, reply, error);
    }
  }

  @Get('callback')
  @Public()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const settings = this.settings();
    // Used once, whatever happens next.
    clearSsoStateCookie(reply, this.config.secureCookies);
    try {
      const { token, returnTo } = await this.sso.finish(
        settings,
        new URL(request.url, this.config.publicUrl),
        request.cookies?.[SSO_STATE_COOKIE],
      );
      setSessionCookie(reply, token, this.config.secureCookies);
      return reply.redirect(returnTo, 303);
    } catch (error) {
      return this.failed(request, reply, error);
    }
  }

  private settings(): OidcSettings {
    if (!this.config.oidc) throw new NotFoundException('Single sign-on is not set up for this district');
    return this.config.oidc;
  }

  private failed(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (error instanceof SsoRefusal) {
      this.sso.logRefusal(error);
      return this.views.render(
        request,
        reply,
        'sso-refused',
        { title: 'You cannot sign in to Hearth this way', reason: error.reason },
        403,
      );
    }
    if (error instanceof SsoUnavailable) {
      reply.header('retry-after', '30');
      return this.views.render(
        request,
        reply,
        'error',
        {
          title: 'Single sign-on is not available right now',
          text: "Hearth cannot reach the district's sign-in service. Try again in a few minutes.",
        },
        503,
      );
    }
    throw error;
  }
}
