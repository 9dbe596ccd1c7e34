import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A key that signs (or signed) Open Badges credentials: its public half, published for verifiers. */
@Entity('credential_keys')
@Index('IDX_credential_keys_key_id', ['keyId'], { unique: true })
export class CredentialKey {
  @PrimaryGeneratedColumn()
  id: number;

  /** The last part of its verification method's URL. */
  @Column({ name: 'key_id', type: 'varchar', length: 64 })
  keyId: string;

  @Column({ name: 'public_key_multibase', type: 'varchar', length: 128 })
  publicKeyMultibase: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** Rolled out: it signs nothing new, and stays published so what it signed still verifies. */
  @Column({ name: 'retired_at', type: Date, nullable: true })
  retiredAt: Date | null;
}
