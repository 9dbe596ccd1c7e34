import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { CoursesModule } from '../courses/courses.module.js';
import { CredentialKeysRepository } from './credential-keys.repository.js';
import { CredentialsController } from './credentials.controller.js';
import { CredentialsPagesController } from './credentials.pages.controller.js';
import { CredentialsService } from './credentials.service.js';
import { IssuerKeys } from './issuer-keys.js';

@Module({
  imports: [CertificatesModule, CoursesModule],
  controllers: [CredentialsController, CredentialsPagesController],
  providers: [CredentialKeysRepository, IssuerKeys, CredentialsService],
  exports: [IssuerKeys],
})
export class CredentialsModule {}
