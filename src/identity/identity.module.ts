import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './access.guard.js';
import { Account } from './account.entity.js';
import { AccountsService } from './accounts.service.js';
import { AuthController } from './auth.controller.js';
import { AuthPagesController } from './auth.pages.controller.js';
import { Invitation } from './invitation.entity.js';
import { InvitationsService } from './invitations.service.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.js';

@Module({
  imports: [TypeOrmModule.forFeature([Account, Session, Invitation])],
  controllers: [AuthController, AuthPagesController],
  providers: [
    SignInThrottle,
    SessionsService,
    AccountsService,
    InvitationsService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionsService, AccountsService, InvitationsService],
})
export class IdentityModule {}
