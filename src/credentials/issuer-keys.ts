import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { localDay } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import type { CredentialKey } from './credential-key.entity.js';
import { CredentialKeysRepository } from './credential-keys.repository.js';
import { issuerUrl, keyUrl } from './open-badge.js';

interface KeyFileEntry {
  keyId: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/**
 * The issuer's Ed25519 keys. The private halves live only in the key file (HEARTH_CREDENTIAL_KEY_FILE,
 * mode 0600), never in the database, a response or a log; the public halves are published from the
 * database, every key ever used, so a credential stays verifiable after its key is rolled out.
 */
@Injectable()
export class IssuerKeys {
  private readonly logger = new Logger('Credentials');
  /** The first key being made: requests that arrive meanwhile wait for it rather than make their own. */
  private making?: Promise<Ed25519Multikey.KeyPair>;

  constructor(
    private readonly keys: CredentialKeysRepository,
    private readonly database: Database,
    private readonly config: AppConfig,
  ) {}

  /** Every published key, newest first. */
  published(): Promise<CredentialKey[]> {
    return this.keys.all();
  }

  /** The key that signs now: the published key in force, made and published on first use. */
  async signingKey(): Promise<Ed25519Multikey.KeyPair> {
    const current = (await this.keys.all()).find((key) => !key.retiredAt);
    if (!current) {
      this.making ??= this.rollIn().finally(() => (this.making = undefined));
      return this.making;
    }
    const own = this.readFile().find((entry) => entry.keyId === current.keyId);
    if (!own)
      throw new ServiceUnavailableException(
        `The credential key file ${this.config.credentialKeyFile} does not hold the signing key ${current.keyId}: give every instance the same file`,
      );
    return this.pair(own);
  }

  /** A new signing key: its private half added to the key file, its public half published; earlier keys sign nothing new. */
  async rollIn(now = new Date()): Promise<Ed25519Multikey.KeyPair> {
    const keyId = `${localDay(now)}-${randomBytes(3).toString('hex')}`;
    const pair = await Ed25519Multikey.generate({
      id: keyUrl(this.config, keyId),
      controller: issuerUrl(this.config),
    });
    const exported = await pair.export({ publicKey: true, secretKey: true });
    const entry = {
      keyId,
      publicKeyMultibase: exported.publicKeyMultibase,
      secretKeyMultibase: exported.secretKeyMultibase ?? '',
    };
    this.writeFile([...this.readFile(), entry]);
    await this.database.transaction(() => this.keys.rollIn(keyId, entry.publicKeyMultibase, now));
    this.logger.log(
      `A new credential-signing key, ${keyId}, signs from now on (its private half is in ${this.config.credentialKeyFile})`,
    );
    return pair;
  }

  private pair(entry: KeyFileEntry): Promise<Ed25519Multikey.KeyPair> {
    return Ed25519Multikey.from({
      type: 'Multikey',
      id: keyUrl(this.config, entry.keyId),
      controller: issuerUrl(this.config),
      publicKeyMultibase: entry.publicKeyMultibase,
      secretKeyMultibase: entry.secretKeyMultibase,
    });
  }

  private readFile(): KeyFileEntry[] {
    const file = this.config.credentialKeyFile;
    if (!existsSync(file)) return [];
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: KeyFileEntry[] };
    return parsed.keys ?? [];
  }

  /** Written whole to a temporary file, then renamed over the old one: never half a file of keys. */
  private writeFile(keys: KeyFileEntry[]): void {
    const file = this.config.credentialKeyFile;
    mkdirSync(dirname(file), { recursive: true });
    const next = `${file}.${process.pid}.tmp`;
    writeFileSync(next, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
    renameSync(next, file);
  }
}
