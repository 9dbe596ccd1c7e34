import type { Command } from 'commander';
import { CredentialKeysRepository } from '../credentials/credential-keys.repository.js';
import { IssuerKeys } from '../credentials/issuer-keys.js';
import { withContext } from './context.js';

export function registerCredentials(program: Command): void {
  const credentials = program
    .command('credentials')
    .description('the keys that sign Open Badges credentials');
  credentials
    .command('rotate-key')
    .description(
      'roll in a new signing key: new credentials are signed with it, and every earlier key stays published, ' +
        'so what it signed still verifies',
    )
    .action(() =>
      withContext(async ({ database, config }) => {
        const keys = new IssuerKeys(new CredentialKeysRepository(database), database, config);
        const pair = await keys.rollIn();
        console.log(`New credentials are signed with ${pair.id}`);
        const earlier = (await keys.published()).length - 1;
        console.log(`${earlier} earlier key(s) stay published at ${config.publicUrl}/api/credentials/issuer`);
      }),
    );
}
