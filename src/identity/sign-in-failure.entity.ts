import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Failed sign-in attempts of one name (an account's e-mail or a client address) in the current window. */
@Entity('sign_in_failures')
@Index('IDX_sign_in_failures_reset_at', ['resetAt'])
export class SignInFailure {
  @PrimaryColumn({ type: 'varchar', length: 400 })
  name: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'reset_at', type: Date })
  resetAt: Date;
}
