import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate } from '../common/clock.js';
import { Public, Roles, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { ViewService } from '../web/view.service.js';
import { CertificatesService } from './certificates.service.js';
import { certificateJson, sendPdf } from './certificates.controller.js';
import { SerialParams } from './dto/certificate.dto.js';

/** The public verification page, the learner's certificates, and HR's find-and-revoke page. */
@ApiExcludeController()
@Controller()
export class CertificatesPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly certificates: CertificatesService,
  ) {}

  /** Where anyone can type a certificate's number (the printed URL carries it; a person may not). */
  @Get('verify')
  @Public()
  verifyForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('serial') serial?: unknown) {
    const typed = typeof serial === 'string' ? serial.trim().slice(0, 40) : '';
    if (typed) return reply.redirect(`/verify/${encodeURIComponent(typed)}`, 303);
    return this.views.render(request, reply, 'verify-form', { title: 'Check a certificate' });
  }

  @Get('verify/:serial')
  @Public()
  async verify(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param() params: SerialParams) {
    const result = await this.certificates.verify(params.serial).catch((error: unknown) => {
      if (error instanceof HttpException && error.getStatus() === 404) return null;
      throw error;
    });
    if (!result) {
      return this.views.render(
        request,
        reply,
        'verify-unknown',
        { title: 'Certificate not found', serial: params.serial.slice(0, 40) },
        404,
      );
    }
    return this.views.render(request, reply, 'verify', {
      title: result.valid ? 'Valid certificate' : 'Revoked certificate',
      result,
      completedOn: longDate(result.completedAt),
      revokedOn: result.revokedAt ? longDate(result.revokedAt) : null,
    });
  }

  @Get('certificates')
  @SignedIn()
  async mine(@Me() me: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const list = (await this.certificates.ofAccount(me.accountId)).map(certificateJson);
    return this.views.render(request, reply, 'certificates', {
      title: 'My certificates',
      certificates: list.map((c) => ({ ...c, completedOn: longDate(c.completedAt) })),
    });
  }

  @Get('certificates/:serial.pdf')
  @SignedIn()
  async pdf(@Me() me: Principal, @Res() reply: FastifyReply, @Param() params: SerialParams) {
    const { certificate, pdf } = await this.certificates.pdfFor(params.serial, me);
    return sendPdf(reply, certificate, pdf);
  }

  @Get('hr/certificates')
  @Roles('hr', 'admin')
  async find(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('q') q?: string) {
    const query = (q ?? '').trim().slice(0, 100);
    const found = query.length >= 2 ? (await this.certificates.search(query)).map(certificateJson) : [];
    return this.views.render(request, reply, 'hr-certificates', {
      title: 'Certificates',
      q: query,
      searched: query.length >= 2,
      found: found.map((c) => ({
        ...c,
        completedOn: longDate(c.completedAt),
        revokedOn: c.revokedAt ? longDate(c.revokedAt) : null,
      })),
    });
  }

  @Post('hr/certificates/:serial/revoke')
  @Roles('hr', 'admin')
  async revoke(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SerialParams,
    @Body() form: Record<string, unknown>,
  ) {
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    const back = `/hr/certificates?q=${encodeURIComponent(params.serial)}`;
    if (reason.length < 3 || reason.length > 500) {
      const certificate = certificateJson(await this.certificates.find(params.serial));
      return this.views.render(
        request,
        reply,
        'hr-certificates',
        {
          title: 'Certificates',
          q: params.serial,
          searched: true,
          found: [{ ...certificate, completedOn: longDate(certificate.completedAt), revokedOn: null }],
          errors: ['Give a reason for revoking (3 to 500 characters).'],
        },
        400,
      );
    }
    await this.certificates.revoke(params.serial, reason, me);
    return reply.redirect(back, 303);
  }
}
