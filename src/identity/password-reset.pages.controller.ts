import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ViewService } from '../web/view.service.js';
import { Public } from './access.decorators.js';
import { PasswordResetDto } from './dto/password-reset.dto.js';
import { InvitationsService, RESET_HOURS } from './invitations.service.js';

/** "Forgot your password?": an e-mail address in, a one-time link mailed out (the same answer either way). */
@ApiExcludeController()
@Controller('password-reset')
export class PasswordResetPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get()
  @Public()
  form(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.views.render(request, reply, 'password-reset', { title: 'Forgot your password?' });
  }

  @Post()
  @Public()
  async request(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() form: Record<string, unknown>,
  ) {
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const problems = await validate(plainToInstance(PasswordResetDto, { email }));
    if (problems.length > 0) {
      return this.views.render(
        request,
        reply,
        'password-reset',
        {
          title: 'Forgot your password?',
          email,
          errors: [{ text: 'Enter your work email address, like name@district.org.', href: '#email' }],
        },
        400,
      );
    }
    await this.invitations.requestReset(email, request.ip);
    return this.views.render(request, reply, 'password-reset-sent', {
      title: 'Check your email',
      email,
      hours: RESET_HOURS,
    });
  }
}
