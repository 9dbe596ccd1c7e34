import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';
import { Site } from '../staff/site.entity.js';
import { Certificate } from './certificate.entity.js';

export interface ExportFilters {
  courseId: string;
  edition: string;
  site?: string;
}

/** Certificates plus who holds them, for lists and exports. */
export interface CertificateRow {
  certificate: Certificate;
  employeeId: string;
  accountId: number;
  siteCode: string;
}

@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  bySerial(serial: string): Promise<Certificate | null> {
    return this.dataSource.getRepository(Certificate).findOneBy({ serial });
  }

  /** The certificate with its holder's account and employee id (for access checks and HR pages). */
  async withHolder(serial: string): Promise<CertificateRow | null> {
    const certificate = await this.bySerial(serial);
    if (!certificate) return null;
    const staff = await this.dataSource
      .getRepository(StaffMember)
      .findOne({ where: { id: certificate.staffId }, relations: { site: true } });
    return staff
      ? {
          certificate,
          employeeId: staff.employeeId,
          accountId: staff.accountId,
          siteCode: staff.site?.code ?? '',
        }
      : null;
  }

  forStaff(staffId: number): Promise<Certificate[]> {
    return this.dataSource
      .getRepository(Certificate)
      .find({ where: { staffId }, order: { completedAt: 'DESC' } });
  }

  /** Find certificates by serial, or by the holder's name or employee id (HR search). */
  search(q: string, limit = 50): Promise<Certificate[]> {
    const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.dataSource
      .getRepository(Certificate)
      .createQueryBuilder('c')
      .innerJoin(StaffMember, 's', 's.id = c.staff_id')
      .where("LOWER(c.serial) LIKE :like ESCAPE '\\'", { like })
      .orWhere("LOWER(c.holder_name) LIKE :like ESCAPE '\\'", { like })
      .orWhere("LOWER(s.employee_id) LIKE :like ESCAPE '\\'", { like })
      .orderBy('c.completed_at', 'DESC')
      .take(limit)
      .getMany();
  }

  count(filters: ExportFilters): Promise<number> {
    return this.exportQuery(filters).getCount();
  }

  /** Pages through an export's certificates in id order, `size` at a time (memory stays flat). */
  async *exportPages(
    filters: ExportFilters,
    size = 500,
  ): AsyncGenerator<(Certificate & { employeeId: string })[]> {
    let after = 0;
    for (;;) {
      const rows = await this.exportQuery(filters)
        .addSelect('s.employee_id', 'employee_id')
        .andWhere('c.id > :after', { after })
        .orderBy('c.id', 'ASC')
        .limit(size)
        .getRawAndEntities();
      if (rows.entities.length === 0) return;
      yield rows.entities.map((certificate, i) =>
        Object.assign(certificate, {
          employeeId: String((rows.raw[i] as { employee_id: string }).employee_id),
        }),
      );
      after = rows.entities[rows.entities.length - 1].id;
    }
  }

  private exportQuery(filters: ExportFilters) {
    const query = this.dataSource
      .getRepository(Certificate)
      .createQueryBuilder('c')
      .innerJoin(StaffMember, 's', 's.id = c.staff_id')
      .where('c.course_id = :courseId AND c.edition = :edition', {
        courseId: filters.courseId,
        edition: filters.edition,
      });
    if (filters.site)
      query
        .innerJoin(Site, 'site', 'site.id = s.site_id')
        .andWhere('site.code = :site', { site: filters.site });
    return query;
  }
}
