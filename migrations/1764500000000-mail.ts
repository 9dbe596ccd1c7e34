import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The mail outbox. */
export class MailOutbox1764500000000 implements MigrationInterface {
  name = 'MailOutbox1764500000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
