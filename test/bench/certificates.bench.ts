import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { DataSource } from 'typeorm';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { Certificate } from '../../src/certificates/certificate.entity.js';
import { CertificateRenderer } from '../../src/certificates/certificate-pdf.js';
import { CertificatesRepository } from '../../src/certificates/certificates.repository.js';
import { CertificatesService } from '../../src/certificates/certificates.service.js';
import { newSerial } from '../../src/certificates/serial.js';
import { loadConfig } from '../../src/config/app-config.js';
import { Account } from '../../src/identity/account.entity.js';
import { Assignment } from '../../src/learning/assignment.entity.js';
import type { Database } from '../../src/database/database.js';
import { chunks } from '../../src/database/rows.js';
import { Site } from '../../src/staff/site.entity.js';
import { StaffMember } from '../../src/staff/staff-member.entity.js';
import { staffSearchText } from '../../src/staff/staff-search.js';
import { type BenchRow, median, peakRss, timeIt } from './report.js';

const NAMES = [
  'Nguyễn Thị Hồng',
  '王小明',
  'فاطمة الزهراء',
  'José Ñúñez',
  'Emily Carter',
  'DeShawn Williams',
];

function barePdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'LETTER', layout: 'landscape', info: { CreationDate: new Date(0) } });
    const parts: Buffer[] = [];
    doc.on('data', (part: Buffer) => parts.push(part));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.text('Certificate of Completion');
    doc.end();
  });
}

/** `count` completed assignments with their certificates, written in bulk. */
async function seed(dataSource: DataSource, count: number): Promise<void> {
  const now = new Date('2026-10-01T15:00:00Z');
  await dataSource.getRepository(Site).insert({ code: 'BENCH', name: 'Bench School' });
  const site = await dataSource.getRepository(Site).findOneByOrFail({ code: 'BENCH' });
  const ids = Array.from({ length: count }, (_, i) => i + 1);
  for (const batch of chunks(ids)) {
    await dataSource.getRepository(Account).insert(
      batch.map((i) => ({
        email: `b${i}@bench.test`,
        passwordHash: null,
        roles: ['learner' as const],
        createdAt: now,
      })),
    );
    await dataSource.getRepository(StaffMember).insert(
      batch.map((i) => ({
        employeeId: `B${i}`,
        accountId: i,
        firstName: NAMES[i % NAMES.length],
        lastName: `${i}`,
        searchText: staffSearchText({
          firstName: NAMES[i % NAMES.length],
          lastName: `${i}`,
          employeeId: `B${i}`,
          email: `b${i}@bench.test`,
        }),
        siteId: site.id,
        jobRole: 'teacher',
        hireDate: '2020-08-01',
        status: 'active' as const,
        changedOn: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await dataSource.getRepository(Assignment).insert(
      batch.map((i) => ({
        staffId: i,
        courseId: 'carma',
        edition: '2026-27',
        dueDate: '2027-01-31',
        completedAt: now,
        contentHash: 'x'.repeat(64),
        quizScore: 100,
        createdAt: now,
      })),
    );
    await dataSource.getRepository(Certificate).insert(
      batch.map((i) => ({
        serial: newSerial(),
        assignmentId: i,
        staffId: i,
        holderName: `${NAMES[i % NAMES.length]} ${i}`,
        courseId: 'carma',
        courseTitle: 'CARMA: Culture, Agency, Relationships, Meaning, Aspiration',
        edition: '2026-27',
        pdHoursX100: 150,
        completedAt: now,
        contentHash: 'x'.repeat(64),
        revokedAt: null,
        revokedReason: null,
      })),
    );
  }
}

/** A sink that counts bytes, as a slow-enough client would receive them. */
function countingSink(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** `dataSource` (TypeORM's own connection) writes the test data; `database` is the app's door on the same database. */
export async function benchCertificates(
  dataSource: DataSource,
  database: Database,
  size: number,
): Promise<BenchRow[]> {
  const config = loadConfig({ HEARTH_DEMO: 'false' });

  // The export first, in a process holding one renderer, as the server does.
  await seed(dataSource, size);
  const service = new CertificatesService(
    database,
    new CertificatesRepository(database),
    new AuditService(new AuditRepository(database)),
    config,
  );
  global.gc?.();
  const started = performance.now();
  const sink = countingSink();
  const { result: written, peakMb } = await peakRss(() =>
    service.exportZip({ courseId: 'carma', edition: '2026-27' }, sink),
  );
  const seconds = (performance.now() - started) / 1000;

  const renderer = new CertificateRenderer(config.templatesDir);
  const content = {
    kind: 'course' as const,
    districtName: 'Bench Unified School District',
    holderName: 'Nguyễn Thị Hồng',
    courseTitle: 'Healing-Centered Practice',
    edition: '2026-27',
    pdHours: 1.5,
    completedOn: '2026-10-01',
    completedAt: new Date('2026-10-01T15:00:00Z'),
    serial: newSerial(),
    verifyUrl: 'https://hearth.example.org/verify/ABCD-EFGH-JKMN-PQ',
  };
  // Warm up both (JIT, font parsing), then alternate so neither gets the quieter moments.
  await timeIt(() => renderer.render(content), 5);
  await timeIt(barePdf, 5);
  const full: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 25; i++) {
    full.push(...(await timeIt(() => renderer.render(content), 2)));
    bare.push(...(await timeIt(barePdf, 2)));
  }
  const ratio = median(full) / median(bare);
  return [
    {
      name: 'one certificate (QR, embedded font), median',
      figure: `${median(full).toFixed(1)} ms = ${ratio.toFixed(1)}x a bare pdfkit page (${median(bare).toFixed(1)} ms)`,
      goal: '≤ 3x',
      met: ratio <= 3,
    },
    {
      name: `ZIP of ${written.toLocaleString('en-US')} certificates`,
      figure: `${seconds.toFixed(1)} s, ${(sink.bytes / 1e6).toFixed(0)} MB`,
      goal: '≤ 30 s',
      met: seconds <= 30,
    },
    {
      name: 'ZIP export peak memory (RSS)',
      figure: `${peakMb.toFixed(0)} MB`,
      goal: '≤ 300 MB',
      met: peakMb <= 300,
    },
  ];
}
