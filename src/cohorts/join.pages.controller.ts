import { Body, Controller, Get, HttpException, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { Public } from '../identity/access.decorators.js';
import { setSessionCookie } from '../identity/session-cookie.js';
import { inWords } from '../web/page-form.js';
import { ViewService } from '../web/view.service.js';
import { displayCohortCode, normalizeCohortCode } from './cohort-code.js';
import { JoinDto } from './dto/cohort.dto.js';
import { JoinService } from './join.service.js';

type Form = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

const FIELD_WORDS: Record<string, string> = {
  code: 'The invite code',
  email: 'Your e-mail address',
  firstName: 'Your first name',
  lastName: 'Your last name',
  password: 'The password',
};
/** Where each field's problems link to, in the error summary. */
const FIELD_IDS: Record<string, string> = {
  code: 'code',
  email: 'email',
  firstName: 'first-name',
  lastName: 'last-name',
  password: 'password',
};

const sentence = (message: string) =>
  `${message.charAt(0).toUpperCase()}${message.slice(1).replace(/\.?$/, '.')}`;

/** The join page: a plain form (no script needed), prefilled with the code from HR's link. */
@ApiExcludeController()
@Controller()
export class JoinPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly joins: JoinService,
    private readonly config: AppConfig,
  ) {}

  @Get('join')
  @Public()
  joinPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form(request, reply, { code: '' });
  }

  @Get('join/:code')
  @Public()
  joinWithCode(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const canonical = normalizeCohortCode(code);
    return this.form(request, reply, { code: canonical ? displayCohortCode(canonical) : '' });
  }

  @Post('join')
  @Public()
  async join(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Form) {
    const values = {
      code: text(body.code).trim(),
      email: text(body.email).trim(),
      firstName: text(body.firstName),
      lastName: text(body.lastName),
    };
    const errors: { text: string; href: string }[] = [];
    if (text(body.password) !== text(body.confirm))
      errors.push({ text: 'The two passwords are not the same.', href: '#confirm' });
    const dto = plainToInstance(JoinDto, { ...values, password: text(body.password) });
    for (const problem of await validate(dto))
      for (const message of Object.values(problem.constraints ?? {}))
        errors.push({
          text: sentence(inWords(message, FIELD_WORDS)),
          href: `#${FIELD_IDS[problem.property]}`,
        });
    if (errors.length === 0) {
      try {
        const { token } = await this.joins.join(dto, request.ip);
        setSessionCookie(reply, token, this.config.secureCookies);
        return reply.redirect('/?joined=1', 303);
      } catch (error) {
        // A throttled attempt gets the "too many attempts" page; anything else, the form again.
        if (
          !(error instanceof HttpException) ||
          error.getStatus() === (HttpStatus.TOO_MANY_REQUESTS as number)
        )
          throw error;
        const messages = (error.getResponse() as { message?: unknown }).message;
        const href =
          error.getStatus() === (HttpStatus.CONFLICT as number)
            ? '#email'
            : error.getStatus() === 400 && !Array.isArray(messages)
              ? '#code'
              : '#password';
        for (const message of Array.isArray(messages) ? messages.map(String) : [error.message])
          errors.push({ text: sentence(inWords(message, FIELD_WORDS)), href });
      }
    }
    return this.form(request, reply, values, errors, 400);
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Partial<Record<'code' | 'email' | 'firstName' | 'lastName', string>>,
    errors: { text: string; href: string }[] = [],
    status = 200,
  ) {
    return this.views.render(
      request,
      reply,
      'join',
      { title: 'Join a community cohort', ...values, errors },
      status,
    );
  }
}
