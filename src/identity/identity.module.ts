import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';
import { AuthController } from './auth.controller.js';
import { AuthPagesController } from './auth.pages.controller.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';
import { PasswordResetPagesController } from './password-reset.pages.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { SignInFailuresRepository } from './sign-in-failures.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { SingleSignOnPagesController } from './single-sign-on/single-sign-on.pages.controller.js';
import { SingleSignOnRepository } from './single-sign-on/single-sign-on.repository.js';
import { SingleSignOnService } from './single-sign-on/single-sign-on.service.js';

@Module({
  controllers: [
    AuthController,
    AuthPagesController,
    PasswordResetPagesController,
    SingleSignOnPagesController,
  ],
  providers: [
    SignInFailuresRepository,
    SignInThrottle,
    AccountsRepository,
    SessionsRepository,
    InvitationsRepository,
    SessionsService,
    AccountsService,
    InvitationsService,
    SingleSignOnRepository,
    SingleSignOnService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    SessionsService,
    AccountsService,
    InvitationsService,
    AccountsRepository,
    SessionsRepository,
    SignInThrottle,
  ],
})
export class IdentityModule {}
