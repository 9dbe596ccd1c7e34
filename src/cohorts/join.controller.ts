import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { Public } from '../identity/access.decorators.js';
import { setSessionCookie } from '../identity/session-cookie.js';
import { JoinDto } from './dto/cohort.dto.js';
import { JoinService } from './join.service.js';

@ApiTags('auth')
@Controller('api/auth')
export class JoinController {
  constructor(
    private readonly joins: JoinService,
    private readonly config: AppConfig,
  ) {}

  @Post('join')
  @Public()
  @ApiOperation({
    summary: 'Join a community cohort with its invite code: a new account with its courses, signed in',
  })
  @ApiCreatedResponse({
    description: 'The account is made and signed in (a bearer token and the session cookie)',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts from this address, or with this code',
  })
  async join(
    @Req() request: FastifyRequest,
    @Body() body: JoinDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { token, account, cohort } = await this.joins.join(body, request.ip);
    setSessionCookie(reply, token, this.config.secureCookies);
    return {
      accessToken: token,
      user: { id: account.id, email: account.email, roles: account.roles },
      cohort: { id: cohort.id, name: cohort.name },
    };
  }
}
