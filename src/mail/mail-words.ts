import type { MailStatus } from './mail.repository.js';
import type { MailKind } from './mail-templates.js';

/** A message's state in words, the same on every page that shows one. */
export const MAIL_STATUS_WORDS: Record<MailStatus, string> = {
  pending: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Failed',
  held: 'Held (no mail server configured)',
};

/** What kind of message it is, in words. */
export const MAIL_KIND_WORDS: Record<MailKind, string> = {
  invitation: 'Invitation',
  'password-reset': 'Password reset',
  reminder: 'Reminder',
  'site-digest': 'Site leader’s weekly digest',
  'session-seat': 'A seat at a session, from the wait-list',
  'session-cancelled': 'A session cancelled',
};
