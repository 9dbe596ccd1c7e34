import { open, rename } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { localDay } from '../common/clock.js';
import { CSV_BOM, csvRow } from '../common/csv.js';
import { AccountsRepository } from '../identity/accounts.repository.js';
import { InvitationsRepository } from '../identity/invitations.repository.js';
import { INVITATION_DAYS, InvitationsService } from '../identity/invitations.service.js';
import { SessionsRepository } from '../identity/sessions.repository.js';
import { SignInFailuresRepository } from '../identity/sign-in-failures.repository.js';
import { SignInThrottle } from '../identity/sign-in-throttle.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { MailRepository } from '../mail/mail.repository.js';
import { BulkInvitationsService } from '../staff/bulk-invitations.service.js';
import { withContext } from './context.js';

const COLUMNS = ['employee_id', 'first_name', 'last_name', 'email', 'site_code', 'link', 'expires_on'];

export function registerInvitations(program: Command): void {
  program
    .command('invitations')
    .description(
      'make a one-time sign-in link for every staff member who has no password yet: mail it (--send), ' +
        'or write it to a CSV for a mail merge (--out), or both',
    )
    .option('--site <code>', 'only this site')
    .option('--send', 'mail each person their link (sent by the server through SMTP_URL)')
    .option('--out <file.csv>', 'also write the links to this file (keep it private; delete it once sent)')
    .action((options: { site?: string; out?: string; send?: boolean }) =>
      withContext(async ({ database, config, audit, staff }) => {
        if (!options.send && !options.out) {
          console.error('Say what to do with the links: --send to mail them, --out <file.csv> to write them');
          process.exitCode = 2;
          return;
        }
        const invitations = new InvitationsService(
          database,
          new AccountsRepository(database),
          new InvitationsRepository(database),
          new SessionsRepository(database),
          audit,
          config,
          new SignInThrottle(new SignInFailuresRepository(database)),
          new MailOutbox(new MailRepository(database), config),
        );
        const bulk = new BulkInvitationsService(database, staff, invitations);
        // The command line acts for nobody in particular, so it may reach learners only: a link for a
        // trainer, HR or admin account is an admin's to make, signed in, from the person's staff page.
        const { people, skipped } = await bulk.waiting(null, options.site);
        // Written to a temporary name readable by its owner only: it holds working sign-in links.
        const partial = options.out && `${options.out}.partial`;
        const file = partial ? await open(partial, 'w', 0o600) : undefined;
        const bar = new SingleBar(
          { format: 'Sign-in links |{bar}| {value}/{total}', stream: process.stderr, hideCursor: true },
          Presets.shades_classic,
        );
        try {
          await file?.write(CSV_BOM + csvRow(COLUMNS));
          bar.start(people.length, 0);
          await bulk.invite(people, null, Boolean(options.send), async ({ person, url, expiresAt }, done) => {
            const row = [
              person.employeeId,
              person.firstName,
              person.lastName,
              person.account?.email ?? '',
              person.site?.code ?? '',
              url,
              localDay(expiresAt),
            ];
            await file?.write(csvRow(row));
            bar.update(done);
          });
          bar.stop();
        } finally {
          await file?.close();
        }
        if (partial && options.out) await rename(partial, options.out);
        const count = people.length;
        const links = `${count} sign-in link${count === 1 ? '' : 's'}`;
        if (options.send)
          console.log(
            config.mail.smtpUrl
              ? `Mailed ${links}: the server sends them from its outbox (see /admin/outbox).`
              : `Wrote ${links} to the outbox, held there: SMTP_URL is not set, so nothing is sent until it is.`,
          );
        if (options.out)
          console.log(
            `Wrote ${links} to ${options.out}. Keep the file private and delete it once the links are sent.`,
          );
        console.log(`Each works once, for ${INVITATION_DAYS} days; earlier unused links no longer work.`);
        if (skipped > 0)
          console.log(
            `Left out ${skipped} ${skipped === 1 ? 'person whose account has' : 'people whose accounts have'} ` +
              'a role above learner: an admin makes those links, signed in, on the staff page.',
          );
      }),
    );
}
