import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A single sign-on under way: deleted when its callback arrives, so a replayed callback finds nothing. */
@Entity('sign_in_flows')
@Index('IDX_sign_in_flows_state_hash', ['stateHash'], { unique: true })
@Index('IDX_sign_in_flows_expires_at', ['expiresAt'])
export class SignInFlow {
  @PrimaryGeneratedColumn()
  id: number;

  /** Only the state's SHA-256: the state itself travels in the URL and the browser's cookie. */
  @Column({ name: 'state_hash', type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ name: 'code_verifier', type: 'varchar', length: 128 })
  codeVerifier: string;

  @Column({ type: 'varchar', length: 128 })
  nonce: string;

  @Column({ name: 'return_to', type: 'varchar', length: 2000 })
  returnTo: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;
}
