import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { issue } from '@digitalbazaar/vc';
import { createList } from '@digitalbazaar/vc-bitstring-status-list';
import { Injectable, NotFoundException } from '@nestjs/common';
import type { Certificate } from '../certificates/certificate.entity.js';
import { CertificatesRepository } from '../certificates/certificates.repository.js';
import { CertificatesService, hoursOf, kindOf } from '../certificates/certificates.service.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { Principal } from '../identity/principal.js';
import { DID_CONTEXT, MULTIKEY_CONTEXT, offlineLoader } from './credential-documents.js';
import { IssuerKeys } from './issuer-keys.js';
import {
  type BadgeFacts,
  issuerUrl,
  keyUrl,
  openBadgeCredential,
  STATUS_LIST_SIZE,
  statusListCredential,
} from './open-badge.js';

/**
 * Open Badges 3.0 credentials for certificates, signed with a DataIntegrityProof (eddsa-rdfc-2022), and
 * the public documents a verifier needs: the issuer's controller document, its keys, the status lists.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly rows: CertificatesRepository,
    private readonly catalog: CourseCatalog,
    private readonly keys: IssuerKeys,
    private readonly config: AppConfig,
  ) {}

  /** A certificate's credential, signed now, for its holder, HR or an admin. */
  async credentialFor(
    serial: string,
    principal: Principal,
  ): Promise<{ certificate: Certificate; credential: object }> {
    const certificate = await this.certificates.holderFor(serial, principal);
    return {
      certificate,
      credential: await this.sign(openBadgeCredential(this.factsOf(certificate), this.config)),
    };
  }

  /** The issuer's controller document: every key it has signed with, current or rolled out. */
  async issuerDocument(): Promise<object> {
    const keys = await this.keys.published();
    return {
      '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
      id: issuerUrl(this.config),
      assertionMethod: keys.map((key) => ({
        id: keyUrl(this.config, key.keyId),
        type: 'Multikey',
        controller: issuerUrl(this.config),
        publicKeyMultibase: key.publicKeyMultibase,
      })),
    };
  }

  /** One key's public half, as the proofs' verificationMethod names it. */
  async keyDocument(keyId: string): Promise<object> {
    const key = (await this.keys.published()).find((k) => k.keyId === keyId);
    if (!key) throw new NotFoundException('No such key');
    return {
      '@context': MULTIKEY_CONTEXT,
      id: keyUrl(this.config, key.keyId),
      type: 'Multikey',
      controller: issuerUrl(this.config),
      publicKeyMultibase: key.publicKeyMultibase,
    };
  }

  /** A revocation status list as of now, signed: which of its certificates are revoked. */
  async statusList(list: number): Promise<object> {
    const from = list * STATUS_LIST_SIZE;
    const bits = await createList({ length: STATUS_LIST_SIZE });
    for (const id of await this.rows.revokedIds(from, from + STATUS_LIST_SIZE))
      bits.setStatus(id - from, true);
    return this.sign(statusListCredential(list, await bits.encode(), new Date(), this.config));
  }

  private async sign(credential: object): Promise<object> {
    const suite = new DataIntegrityProof({ signer: (await this.keys.signingKey()).signer(), cryptosuite });
    return issue({ credential, suite, documentLoader: offlineLoader() });
  }

  /** What the certificate says, with the course's (or program's) description and criteria when loaded. */
  private factsOf(certificate: Certificate): BadgeFacts {
    const kind = kindOf(certificate);
    const common = {
      certificateId: certificate.id,
      serial: certificate.serial,
      kind,
      achievementId: certificate.courseId,
      edition: certificate.edition,
      title: certificate.courseTitle,
      holderName: certificate.holderName,
      completedAt: certificate.completedAt,
      pdHours: hoursOf(certificate),
    };
    if (kind === 'program') {
      const program = this.catalog
        .publishedPrograms()
        .find((p) => p.id === certificate.courseId && p.edition === certificate.edition);
      const parts = program
        ? `its ${program.courses.length} courses${program.sessionsRequired ? `, ${program.sessionsRequired} facilitated sessions` : ''}${program.practicum ? ' and a practicum' : ''}`
        : 'its courses and sessions';
      return {
        ...common,
        description:
          program?.summary ??
          `${certificate.courseTitle}, a professional development program of ${this.config.districtName}.`,
        criteria: `Completed every part of the program ${certificate.courseTitle} (${certificate.edition}): ${parts}.`,
      };
    }
    const course = this.catalog.find(certificate.courseId, certificate.edition, { drafts: true });
    return {
      ...common,
      description:
        course?.summary ??
        `${certificate.courseTitle}, a professional development course of ${this.config.districtName}.`,
      criteria: course
        ? `Read every module of ${course.title} (${course.edition}) and passed its quiz with at least ${course.passingScore}%${course.attestation ? ', and signed its attestation' : ''}.`
        : `Completed the course ${certificate.courseTitle} (${certificate.edition}) and passed its quiz.`,
    };
  }
}
