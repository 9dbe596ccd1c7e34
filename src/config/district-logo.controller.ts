import { Controller, Get, NotFoundException, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnswersDuringStartup } from '../common/startup-gate.js';
import { Public } from '../identity/access.decorators.js';
import { AppConfig } from './app-config.js';

/** A year: the URL names the logo's hash, so a new logo is a new URL and no browser keeps the old one. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The district's logo (HEARTH_DISTRICT_LOGO), for the header of every page, the sign-in page too. */
@ApiExcludeController()
@Controller('district')
export class DistrictLogoController {
  constructor(private readonly config: AppConfig) {}

  @Get('logo')
  @Public()
  @AnswersDuringStartup()
  logo(@Query('v') version: unknown, @Res() reply: FastifyReply) {
    const logo = this.config.branding.logo;
    if (!logo) throw new NotFoundException('This district has no logo');
    return (
      reply
        .header('content-type', logo.type)
        // Another hash (a page cached before the logo changed) still gets today's logo, kept briefly.
        .header('cache-control', version === logo.hash ? IMMUTABLE : 'public, max-age=300')
        .send(logo.data)
    );
  }
}
