import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SerialParams } from '../certificates/dto/certificate.dto.js';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { sendDownload } from '../web/download.js';
import { CredentialsService } from './credentials.service.js';

/** The credential's download from the certificate pages (signed in with the page's cookie). */
@ApiExcludeController()
@Controller()
export class CredentialsPagesController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get('certificates/:serial/credential')
  @SignedIn()
  async download(@Me() me: Principal, @Param() params: SerialParams, @Res() reply: FastifyReply) {
    const { certificate, credential } = await this.credentials.credentialFor(params.serial, me);
    return sendDownload(reply, {
      kind: 'json',
      name: `certificate-${certificate.serial}`,
      body: Buffer.from(JSON.stringify(credential, null, 2)),
    });
  }
}
