import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { hashToken } from './secrets.js';

/**
 * Counts attempts per client address and email (or invitation token), so one person's typos do not lock
 * out a whole school behind one public address.
 */
@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const body = request.body as Record<string, unknown> | undefined;
    const key =
      typeof body?.email === 'string'
        ? body.email.trim().toLowerCase()
        : typeof body?.token === 'string'
          ? `invitation:${hashToken(body.token).slice(0, 16)}`
          : '';
    return Promise.resolve(`${String(request.ip)}|${key}`);
  }
}
