import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { TranscriptPagesController } from './transcript.pages.controller.js';
import { TranscriptsController } from './transcripts.controller.js';
import { TranscriptsRepository } from './transcripts.repository.js';
import { TranscriptsService } from './transcripts.service.js';

/** PD transcripts: every completed course, attended session and program, by school year, with hours. */
@Module({
  imports: [StaffModule, IdentityModule, SessionsModule],
  controllers: [TranscriptsController, TranscriptPagesController],
  providers: [TranscriptsRepository, TranscriptsService],
})
export class TranscriptsModule {}
