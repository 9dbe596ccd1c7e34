import { Module, type OnModuleInit } from '@nestjs/common';
import { LearningModule } from '../learning/learning.module.js';
import { ProgressService } from '../learning/progress.service.js';
import { StaffModule } from '../staff/staff.module.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesPagesController } from './certificates.pages.controller.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';

@Module({
  imports: [LearningModule, StaffModule],
  controllers: [CertificatesController, CertificatesPagesController],
  providers: [CertificatesRepository, CertificatesService],
  exports: [CertificatesService, CertificatesRepository],
})
export class CertificatesModule implements OnModuleInit {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly progress: ProgressService,
  ) {}

  onModuleInit(): void {
    this.certificates.attachTo(this.progress);
  }
}
