import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Counts sign-in attempts per client address and email, so one person's typos do not lock out a school. */
@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const body = request.body as Record<string, unknown> | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    const token = typeof body?.token === 'string' ? 'invitation' : '';
    return Promise.resolve(`${String(request.ip)}|${email || token}`);
  }
}
