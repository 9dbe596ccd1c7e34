import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The sign-in throttle's counters, shared by every instance. */
export class SharedSignIn1764700000000 implements MigrationInterface {
  name = 'SharedSignIn1764700000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
