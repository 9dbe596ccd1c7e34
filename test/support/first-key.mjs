// One process asking for the credential-signing key, as an instance's first signature does: it opens
// the database of DATABASE_URL (the built Hearth under HEARTH_DIST), says "ready", waits for a line on
// stdin (the test sends it to every such process at once), then asks and prints the key's id.
import 'reflect-metadata';
import { join } from 'node:path';

const dist = process.env.HEARTH_DIST;
const load = (file) => import(join(dist, file));
const { loadConfig } = await load('src/config/app-config.js');
const { Database } = await load('src/database/database.js');
const { CredentialKeysRepository } = await load('src/credentials/credential-keys.repository.js');
const { IssuerKeys } = await load('src/credentials/issuer-keys.js');

const config = loadConfig();
const database = await Database.open(config.database);
try {
  const keys = new IssuerKeys(new CredentialKeysRepository(database), database, config);
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const pair = await keys.signingKey();
  process.stdout.write(`${pair.id.split('/').pop()}\n`);
} finally {
  await database.close();
}
