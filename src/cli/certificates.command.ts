import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CertificatesRepository } from '../certificates/certificates.repository.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { withContext } from './context.js';

export function registerCertificates(program: Command): void {
  const certificates = program.command('certificates').description('PDF certificates');
  certificates
    .command('export')
    .description('write a ZIP with one PDF per certificate of a course edition (optionally one site)')
    .requiredOption('--course <id>', 'course id, e.g. carma')
    .requiredOption('--edition <edition>', 'edition, e.g. 2026-27')
    .option('--site <code>', 'only this site')
    .requiredOption('--out <file.zip>', 'where to write the ZIP')
    .action((options: { course: string; edition: string; site?: string; out: string }) =>
      withContext(async ({ database, audit, config }) => {
        const service = new CertificatesService(
          database,
          new CertificatesRepository(database),
          audit,
          config,
        );
        const bar = new SingleBar(
          { format: 'Certificates |{bar}| {value}/{total}', stream: process.stderr, hideCursor: true },
          Presets.shades_classic,
        );
        // Written to a temporary name first: a half-written ZIP never carries the real name.
        const partial = `${options.out}.partial`;
        let started = false;
        const count = await service.exportZip(
          { courseId: options.course, edition: options.edition, site: options.site },
          createWriteStream(partial),
          (done, total) => {
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        );
        if (started) bar.stop();
        await rename(partial, options.out);
        console.log(`Wrote ${count} certificate${count === 1 ? '' : 's'} to ${options.out}.`);
      }),
    );
}
