import { Body, Controller, Get, HttpException, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { ViewService } from '../web/view.service.js';
import { Public } from './access.decorators.js';
import { AcceptInvitationDto } from './dto/accept-invitation.dto.js';
import { InvitationsService } from './invitations.service.js';
import { clearSessionCookie, landingAfterSignIn, safeNext, setSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';

type Form = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly config: AppConfig,
  ) {}

  @Get('login')
  @Public()
  loginPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
    @Query('ended') ended?: string,
    @Query('password') password?: string,
  ) {
    if (request.principal) return reply.redirect(landingAfterSignIn(next, request.principal.roles), 303);
    const notice =
      ended === 'unsaved'
        ? 'Your session ended, so what you just sent was not saved. Sign in, then do it again.'
        : ended === 'yes'
          ? 'Your session ended. Sign in to go on.'
          : undefined;
    return this.views.render(request, reply, 'login', {
      ...this.signInChoices(safeNext(next), password === '1'),
      notice,
    });
  }

  @Post('login')
  @Public()
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form) {
    const email = text(form.email).trim();
    const missing = !email || !text(form.password);
    const session = missing ? null : await this.sessions.login(email, text(form.password), request.ip);
    if (!session) {
      return this.views.render(
        request,
        reply,
        'login',
        {
          ...this.signInChoices(safeNext(form.next), true),
          email,
          error: missing
            ? 'Enter your work email and your password.'
            : 'That email and password do not match an account. Check them and try again.',
        },
        missing ? 400 : 401,
      );
    }
    setSessionCookie(reply, session.token, this.config.secureCookies);
    return reply.redirect(landingAfterSignIn(form.next, session.account.roles), 303);
  }

  /**
   * What the sign-in page offers: single sign-on when configured, and the password form unless password
   * sign-in is for admins only (then behind a link, or when `passwordAsked`).
   */
  private signInChoices(next: string, passwordAsked: boolean) {
    const oidc = this.config.oidc;
    return {
      title: 'Sign in',
      next,
      // Encoded here; the template adds nothing Handlebars would escape.
      nextParam: encodeURIComponent(next),
      ssoLabel: oidc?.label,
      passwordForm: this.config.passwordSignIn || passwordAsked,
    };
  }

  @Post('logout')
  @Public()
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (request.principal) await this.sessions.close(request.principal.sessionId);
    clearSessionCookie(reply, this.config.secureCookies);
    return reply.redirect('/login', 303);
  }

  @Get('invitations/accept')
  @Public()
  async acceptPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token?: string,
  ) {
    const usable =
      typeof token === 'string' &&
      /^[A-Za-z0-9_-]{20,100}$/.test(token) &&
      (await this.invitations.isUsable(token));
    if (!usable) {
      return this.views.render(
        request,
        reply,
        'invitation-invalid',
        { title: 'This invitation link does not work' },
        400,
      );
    }
    return this.views.render(request, reply, 'accept-invitation', { title: 'Set your password', token });
  }

  @Post('invitations/accept')
  @Public()
  async accept(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form) {
    const token = text(form.token);
    const errors: string[] = [];
    if (text(form.password) !== text(form.confirm)) errors.push('The two passwords are not the same.');
    const dto = plainToInstance(AcceptInvitationDto, { token, password: text(form.password) });
    for (const error of await validate(dto))
      errors.push(...Object.values(error.constraints ?? {}).map(sentence));
    if (errors.length === 0) {
      try {
        const account = await this.invitations.accept(token, dto.password, request.ip);
        return this.views.render(request, reply, 'invitation-accepted', {
          title: 'Password set',
          email: account.email,
        });
      } catch (error) {
        // A throttled attempt gets the "too many attempts" page; a bad link or password, the form again.
        if (
          !(error instanceof HttpException) ||
          error.getStatus() === (HttpStatus.TOO_MANY_REQUESTS as number)
        )
          throw error;
        const messages = (error.getResponse() as { message?: unknown }).message;
        errors.push(...(Array.isArray(messages) ? messages.map(String).map(sentence) : [error.message]));
      }
    }
    return this.views.render(
      request,
      reply,
      'accept-invitation',
      { title: 'Set your password', token, errors },
      400,
    );
  }
}

function sentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}
