import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendDownload } from '../web/download.js';
import { Public, Roles, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import type { Certificate } from './certificate.entity.js';
import { CertificatesService, hoursOf, kindOf } from './certificates.service.js';
import { ExportQuery, RevokeDto, SerialParams } from './dto/certificate.dto.js';

export function certificateJson(certificate: Certificate) {
  return {
    serial: certificate.serial,
    kind: kindOf(certificate),
    courseId: certificate.courseId,
    courseTitle: certificate.courseTitle,
    edition: certificate.edition,
    holderName: certificate.holderName,
    pdHours: hoursOf(certificate),
    completedAt: certificate.completedAt.toISOString(),
    revoked: Boolean(certificate.revokedAt),
    revokedAt: certificate.revokedAt?.toISOString() ?? null,
  };
}

export function sendPdf(
  reply: FastifyReply,
  certificate: Certificate,
  pdf: Buffer,
  disposition: 'inline' | 'attachment' = 'attachment',
) {
  return sendDownload(reply, {
    kind: 'pdf',
    name: `certificate-${certificate.serial}`,
    body: pdf,
    disposition,
  });
}

@ApiTags('certificates')
@Controller('api')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('me/certificates')
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My certificates' })
  async mine(@Me() me: Principal) {
    return (await this.certificates.ofAccount(me.accountId)).map(certificateJson);
  }

  @Get('certificates/export')
  @Roles('hr', 'admin')
  @ApiBearerAuth()
  @ApiProduces('application/zip')
  @ApiOperation({
    summary: 'A ZIP of the certificate PDFs of a course edition (optionally one site), streamed',
  })
  async export(@Query() query: ExportQuery, @Res() reply: FastifyReply) {
    reply.raw.writeHead(200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="certificates-${query.courseId}-${query.edition}${query.site ? `-${query.site}` : ''}.zip"`,
      'cache-control': 'private, no-store',
    });
    reply.hijack();
    await this.certificates.exportZip(query, reply.raw);
  }

  @Get('certificates/:serial.pdf')
  @SignedIn()
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The certificate PDF (its holder, HR or an admin)' })
  async pdf(@Me() me: Principal, @Res() reply: FastifyReply, @Param() params: SerialParams) {
    const { certificate, pdf } = await this.certificates.pdfFor(params.serial, me);
    return sendPdf(reply, certificate, pdf);
  }

  @Post('certificates/:serial/revoke')
  @HttpCode(200)
  @Roles('hr', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke a certificate, with a reason (audited); verification then says revoked' })
  async revoke(@Me() me: Principal, @Param() params: SerialParams, @Body() body: RevokeDto) {
    const certificate = await this.certificates.revoke(params.serial, body.reason, me);
    return certificateJson(certificate);
  }

  @Get('verify/:serial')
  @Public()
  @ApiOperation({
    summary: 'Check a certificate: only what the certificate itself shows; 404 for unknown serials',
  })
  verify(@Param() params: SerialParams) {
    return this.certificates.verify(params.serial);
  }
}
