import type { Writable } from 'node:stream';
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { localDay, momentNow } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { hasRole, type Principal } from '../identity/principal.js';
import type { Certificate } from './certificate.entity.js';
import { type CertificateContent, CertificateRenderer } from './certificate-pdf.js';
import { CertificatesRepository, type ExportFilters } from './certificates.repository.js';
import { normalizeSerial } from './serial.js';

/** What anyone holding the certificate may learn about it: exactly what it shows, and whether it stands. */
export interface Verification {
  /** A course's certificate, or a program's (its courseTitle and edition are the program's). */
  kind: 'course' | 'program';
  valid: boolean;
  revoked: boolean;
  revokedAt: string | null;
  holderName: string;
  courseTitle: string;
  edition: string;
  completedAt: string;
  pdHours: number;
  serial: string;
}

export const hoursOf = (certificate: Pick<Certificate, 'pdHoursX100'>) => certificate.pdHoursX100 / 100;

/** Whether a certificate is a course's or a program's. */
export const kindOf = (certificate: Pick<Certificate, 'programEnrolmentId'>) =>
  certificate.programEnrolmentId === null ? ('course' as const) : ('program' as const);

/**
 * Renders certificates, verifies and revokes them, and exports them. They are issued with the
 * completion itself, in its transaction (learning's ProgressRepository.complete).
 */
@Injectable()
export class CertificatesService {
  private readonly renderer: CertificateRenderer;

  constructor(
    private readonly database: Database,
    private readonly certificates: CertificatesRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.renderer = new CertificateRenderer(config.templatesDir, config.branding);
  }

  verifyUrl(serial: string): string {
    return `${this.config.publicUrl}/verify/${serial}`;
  }

  /** A certificate by serial as typed (any case, with or without hyphens), or 404 with no hint. */
  async find(serial: string): Promise<Certificate> {
    const canonical = normalizeSerial(serial);
    const certificate = canonical ? await this.certificates.bySerial(canonical) : null;
    if (!certificate) throw new NotFoundException('Not found');
    return certificate;
  }

  async verify(serial: string): Promise<Verification> {
    const certificate = await this.find(serial);
    return {
      kind: kindOf(certificate),
      valid: !certificate.revokedAt,
      revoked: Boolean(certificate.revokedAt),
      revokedAt: certificate.revokedAt?.toISOString() ?? null,
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      edition: certificate.edition,
      completedAt: certificate.completedAt.toISOString(),
      pdHours: hoursOf(certificate),
      serial: certificate.serial,
    };
  }

  /** A certificate for its holder, HR or an admin (403 for anyone else; 404 for an unknown serial). */
  async holderFor(serial: string, principal: Principal): Promise<Certificate> {
    const canonical = normalizeSerial(serial);
    const row = canonical ? await this.certificates.withHolder(canonical) : null;
    if (!row) throw new NotFoundException('Not found');
    if (row.accountId !== principal.accountId && !hasRole(principal, 'hr', 'admin')) {
      throw new ForbiddenException('This certificate belongs to someone else');
    }
    return row.certificate;
  }

  /** The PDF, for its holder, HR or an admin. */
  async pdfFor(serial: string, principal: Principal): Promise<{ certificate: Certificate; pdf: Buffer }> {
    const certificate = await this.holderFor(serial, principal);
    return { certificate, pdf: await this.render(certificate) };
  }

  render(certificate: Certificate): Promise<Buffer> {
    return this.renderer.render(this.contentOf(certificate));
  }

  contentOf(certificate: Certificate): CertificateContent {
    return {
      kind: kindOf(certificate),
      districtName: this.config.districtName,
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      edition: certificate.edition,
      pdHours: hoursOf(certificate),
      completedOn: localDay(certificate.completedAt),
      completedAt: certificate.completedAt,
      serial: certificate.serial,
      verifyUrl: this.verifyUrl(certificate.serial),
    };
  }

  async revoke(serial: string, reason: string, actor: Actor): Promise<Certificate> {
    const certificate = await this.find(serial);
    return this.database.transaction(async () => {
      const revokedAt = momentNow(this.config);
      if (await this.certificates.revoke(certificate.id, revokedAt, reason)) {
        await this.audit.record(actor, {
          action: 'certificate.revoke',
          target: certificate.serial,
          details: { reason, holder: certificate.holderName },
        });
      }
      const revoked = await this.certificates.byId(certificate.id);
      if (!revoked) throw new Error(`Certificate ${certificate.id} does not exist`);
      return revoked;
    });
  }

  /**
   * Streams a ZIP of one PDF per certificate into `out`, rendering page by page: neither the ZIP nor
   * the list of certificates is ever held whole in memory.
   */
  async exportZip(
    filters: ExportFilters,
    out: Writable,
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    const total = await this.certificates.count(filters);
    // PDFs are already compressed: store them as they are.
    // archiver loads at the first export, not at start-up.
    const { ZipArchive } = await import('archiver');
    const zip = new ZipArchive({ store: true });
    const finished = new Promise<void>((resolve, reject) => {
      out.on('close', resolve);
      out.on('finish', resolve);
      out.on('error', reject);
      zip.on('error', reject);
    });
    zip.pipe(out);
    let done = 0;
    for await (const page of this.certificates.exportPages(filters)) {
      for (const certificate of page) {
        const pdf = await this.render(certificate);
        // One entry in flight at a time: the next PDF is rendered once this one is in the stream.
        const written = new Promise((resolve) => zip.once('entry', resolve));
        zip.append(pdf, {
          name: `${certificate.employeeId}-${certificate.courseId}-${certificate.edition}-${certificate.serial}.pdf`,
          date: certificate.completedAt,
        });
        await written;
        done++;
        onProgress?.(done, total);
      }
    }
    await zip.finalize();
    await finished;
    return done;
  }

  /** The signed-in person's certificates, newest first (none without a staff record). */
  ofAccount(accountId: number): Promise<Certificate[]> {
    return this.certificates.forAccount(accountId);
  }

  /** A staff member's certificates, newest first. */
  mine(staffId: number): Promise<Certificate[]> {
    return this.certificates.forStaff(staffId);
  }

  /**
   * Certificates by serial, or by the holder's name or employee id (HR search). A whole serial is read
   * as the verify page reads it: any case, hyphens and spaces or none.
   */
  search(q: string): Promise<Certificate[]> {
    return this.certificates.search(q, normalizeSerial(q));
  }
}
