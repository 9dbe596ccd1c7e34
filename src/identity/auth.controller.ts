import { Body, Controller, HttpCode, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { Public, SignedIn } from './access.decorators.js';
import { AcceptInvitationDto } from './dto/accept-invitation.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { PasswordResetDto } from './dto/password-reset.dto.js';
import { InvitationsService } from './invitations.service.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in: a bearer token for the API, and a session cookie for the pages' })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts for this account, or from this address, in the last minute',
  })
  async login(
    @Req() request: FastifyRequest,
    @Body() body: LoginDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const session = await this.sessions.login(body.email, body.password, request.ip);
    if (!session) throw new UnauthorizedException('Email or password is not right');
    setSessionCookie(reply, session.token, this.config.secureCookies);
    const { account } = session;
    return {
      accessToken: session.token,
      user: { id: account.id, email: account.email, roles: account.roles },
    };
  }

  @Post('logout')
  @HttpCode(204)
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session (the token stops working)' })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (request.principal) await this.sessions.close(request.principal.sessionId);
    clearSessionCookie(reply, this.config.secureCookies);
  }

  @Post('accept-invitation')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Set a password with a one-time invitation token' })
  @ApiTooManyRequestsResponse({ description: 'Too many invalid links from this address in the last minute' })
  async acceptInvitation(@Req() request: FastifyRequest, @Body() body: AcceptInvitationDto) {
    const account = await this.invitations.accept(body.token, body.password, request.ip);
    return { email: account.email };
  }

  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @ApiOperation({ summary: 'Mail a one-time link to set a new password, if the e-mail has an account' })
  @ApiAcceptedResponse({ description: 'Always, whether or not the e-mail has an account' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this e-mail or from this address' })
  async passwordReset(@Req() request: FastifyRequest, @Body() body: PasswordResetDto) {
    await this.invitations.requestReset(body.email, request.ip);
    return { message: 'If this e-mail has a Hearth account, a link to set a new password is on its way' };
  }
}
