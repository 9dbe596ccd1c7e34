import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Single sign-on: issuer subjects linked to accounts, and sign-in flows in progress. */
export class SingleSignOn1764600000000 implements MigrationInterface {
  name = 'SingleSignOn1764600000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
