import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SerialParams } from '../certificates/dto/certificate.dto.js';
import { Public, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { sendDownload } from '../web/download.js';
import { CredentialsService } from './credentials.service.js';
import { KeyParams, StatusListParams } from './dto/credential-params.dto.js';

const VC = 'application/vc+ld+json';

@ApiTags('credentials')
@Controller('api')
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get('certificates/:serial/credential')
  @SignedIn()
  @ApiBearerAuth()
  @ApiProduces(VC)
  @ApiOperation({
    summary: 'The certificate as a signed Open Badges 3.0 credential (its holder, HR or an admin)',
  })
  async credential(@Me() me: Principal, @Param() params: SerialParams, @Res() reply: FastifyReply) {
    const { certificate, credential } = await this.credentials.credentialFor(params.serial, me);
    return sendDownload(reply, {
      kind: 'json',
      name: `certificate-${certificate.serial}`,
      body: Buffer.from(JSON.stringify(credential, null, 2)),
      disposition: 'inline',
    });
  }

  @Get('credentials/issuer')
  @Public()
  @ApiOperation({ summary: "The issuer's controller document: the keys its credentials are signed with" })
  issuer() {
    return this.credentials.issuerDocument();
  }

  @Get('credentials/keys/:keyId')
  @Public()
  @ApiOperation({ summary: "One of the issuer's public keys (a proof's verificationMethod)" })
  key(@Param() params: KeyParams) {
    return this.credentials.keyDocument(params.keyId);
  }

  @Get('credentials/status/:list')
  @Public()
  @ApiProduces(VC)
  @ApiOperation({ summary: 'A revocation status list (Bitstring Status List), signed, as of now' })
  async status(@Param() params: StatusListParams, @Res() reply: FastifyReply) {
    const list = await this.credentials.statusList(params.list);
    return reply.header('content-type', VC).send(JSON.stringify(list));
  }
}
