import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesPagesController } from './certificates.pages.controller.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';

@Module({
  imports: [StaffModule],
  controllers: [CertificatesController, CertificatesPagesController],
  providers: [CertificatesRepository, CertificatesService],
  exports: [CertificatesService, CertificatesRepository],
})
export class CertificatesModule {}
