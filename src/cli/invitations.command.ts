import { open, rename } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { localDay } from '../common/clock.js';
import { CSV_BOM, csvRow } from '../common/csv.js';
import type { Account } from '../identity/account.entity.js';
import { AccountsRepository } from '../identity/accounts.repository.js';
import { InvitationsRepository } from '../identity/invitations.repository.js';
import { INVITATION_DAYS, InvitationsService } from '../identity/invitations.service.js';
import { SessionsRepository } from '../identity/sessions.repository.js';
import { SignInFailuresRepository } from '../identity/sign-in-failures.repository.js';
import { SignInThrottle } from '../identity/sign-in-throttle.js';
import { withContext } from './context.js';

const COLUMNS = ['employee_id', 'first_name', 'last_name', 'email', 'site_code', 'link', 'expires_on'];

export function registerInvitations(program: Command): void {
  program
    .command('invitations')
    .description(
      'make a one-time sign-in link for every staff member who has no password yet, into a CSV for a mail merge',
    )
    .option('--site <code>', 'only this site')
    .requiredOption('--out <file.csv>', 'where to write the links (keep it private; delete it once sent)')
    .action((options: { site?: string; out: string }) =>
      withContext(async ({ database, config, audit, staff }) => {
        const invitations = new InvitationsService(
          database,
          new AccountsRepository(database),
          new InvitationsRepository(database),
          new SessionsRepository(database),
          audit,
          config,
          new SignInThrottle(new SignInFailuresRepository(database)),
        );
        // The command line acts for nobody in particular, so it may reach learners only: a link for a
        // trainer, HR or admin account is an admin's to make, signed in, from the person's staff page.
        const waiting = await staff.awaitingPassword(options.site);
        const people = waiting.filter((person) => invitations.mayInvite(person.account as Account, null));
        const skipped = waiting.length - people.length;
        // Written to a temporary name readable by its owner only: it holds working sign-in links.
        const partial = `${options.out}.partial`;
        const file = await open(partial, 'w', 0o600);
        const bar = new SingleBar(
          { format: 'Sign-in links |{bar}| {value}/{total}', stream: process.stderr, hideCursor: true },
          Presets.shades_classic,
        );
        try {
          await file.write(CSV_BOM + csvRow(COLUMNS));
          bar.start(people.length, 0);
          for (const [done, person] of people.entries()) {
            const account = person.account as Account;
            // One at a time, each with its audit entry, exactly as HR's button makes one.
            const { url, expiresAt } = await invitations.create(
              account,
              null,
              `employee ${person.employeeId}`,
            );
            const row = [
              person.employeeId,
              person.firstName,
              person.lastName,
              account.email,
              person.site?.code ?? '',
              url,
              localDay(expiresAt),
            ];
            await file.write(csvRow(row));
            bar.update(done + 1);
          }
          bar.stop();
        } finally {
          await file.close();
        }
        await rename(partial, options.out);
        const count = people.length;
        console.log(
          `Wrote ${count} sign-in link${count === 1 ? '' : 's'} to ${options.out}. ` +
            `Each works once, for ${INVITATION_DAYS} days; earlier unused links no longer work. ` +
            'Keep the file private and delete it once the links are sent.',
        );
        if (skipped > 0)
          console.log(
            `Left out ${skipped} ${skipped === 1 ? 'person whose account has' : 'people whose accounts have'} ` +
              'a role above learner: an admin makes those links, signed in, on the staff page.',
          );
      }),
    );
}
