import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
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
    const current = await this.keys.inForce();
    if (!current) {
      this.making ??= this.firstKey().finally(() => (this.making = undefined));
      return this.making;
    }
    return this.own(current.keyId);
  }

  /** A new signing key: its private half added to the key file, its public half published; earlier keys sign nothing new. */
  rollIn(now = new Date()): Promise<Ed25519Multikey.KeyPair> {
    return this.database.exclusively('credentialKeys', () => this.rollInNow(now));
  }

  /**
   * The first key, agreed on by every instance that asks at once: one at a time (an advisory lock on
   * PostgreSQL, SQLite's one writer), each publishes the key file's newest unpublished key only if no
   * key is in force by then, and otherwise signs with the one that is.
   */
  private firstKey(now = new Date()): Promise<Ed25519Multikey.KeyPair> {
    return this.database.exclusively('credentialKeys', async () => {
      const entries = await this.fileMadeOnce(now);
      const chosen = await this.database.transaction(async () => {
        const current = await this.keys.inForce();
        if (current) return { keyId: current.keyId, made: undefined };
        const known = new Set((await this.keys.all()).map((key) => key.keyId));
        const entry = entries.filter((candidate) => !known.has(candidate.keyId)).at(-1);
        if (entry) await this.keys.rollIn(entry.keyId, entry.publicKeyMultibase, now);
        return { keyId: entry?.keyId, made: entry };
      });
      if (chosen.made) this.announce(chosen.made);
      // Every key in the file was published and rolled out before: a new one, as a rotation makes.
      return chosen.keyId === undefined ? this.rollInNow(now) : this.own(chosen.keyId);
    });
  }

  private async rollInNow(now: Date): Promise<Ed25519Multikey.KeyPair> {
    const entry = await this.newEntry(now);
    this.writeFile([...this.readFile(), entry]);
    await this.database.transaction(() => this.keys.rollIn(entry.keyId, entry.publicKeyMultibase, now));
    this.announce(entry);
    return this.pair(entry);
  }

  /** The signing key's private half from the key file. */
  private own(keyId: string): Promise<Ed25519Multikey.KeyPair> {
    const own = this.readFile().find((entry) => entry.keyId === keyId);
    if (!own)
      throw new ServiceUnavailableException(
        `The credential key file ${this.config.credentialKeyFile} does not hold the signing key ${keyId}: give every instance the same file`,
      );
    return this.pair(own);
  }

  private async newEntry(now: Date): Promise<KeyFileEntry> {
    const keyId = `${localDay(now)}-${randomBytes(3).toString('hex')}`;
    const pair = await Ed25519Multikey.generate({
      id: keyUrl(this.config, keyId),
      controller: issuerUrl(this.config),
    });
    const exported = await pair.export({ publicKey: true, secretKey: true });
    return {
      keyId,
      publicKeyMultibase: exported.publicKeyMultibase,
      secretKeyMultibase: exported.secretKeyMultibase ?? '',
    };
  }

  private announce(entry: KeyFileEntry): void {
    this.logger.log(
      `A new credential-signing key, ${entry.keyId}, signs from now on (its private half is in ${this.config.credentialKeyFile})`,
    );
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

  /**
   * The key file's keys; with no file yet, it is made with one new key: written whole to a temporary
   * file, then linked to its name, which fails if the name exists. So when several processes make it at
   * once exactly one wins, and the others read the winner's file (and drop their own key).
   */
  private async fileMadeOnce(now: Date): Promise<KeyFileEntry[]> {
    const file = this.config.credentialKeyFile;
    if (existsSync(file)) return this.readFile();
    const temporary = this.writeTemporary([await this.newEntry(now)]);
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
    return this.readFile();
  }

  /** Written whole to a temporary file, then renamed over the old one: never half a file of keys. */
  private writeFile(keys: KeyFileEntry[]): void {
    renameSync(this.writeTemporary(keys), this.config.credentialKeyFile);
  }

  /** A temporary file of keys beside the key file (same directory: a link or rename stays on one disk). */
  private writeTemporary(keys: KeyFileEntry[]): string {
    const file = this.config.credentialKeyFile;
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
    return temporary;
  }
}
