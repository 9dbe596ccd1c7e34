import type { FastifyReply } from 'fastify';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  // A Verifiable Credential (an Open Badges 3.0 credential) in JSON-LD.
  json: 'application/vc+ld+json',
} as const;

/**
 * Sends a file of someone's data (a report, a certificate, a transcript) under a name that says what
 * it is; never kept by a shared cache, since it is one person's or HR's alone.
 */
export function sendDownload(
  reply: FastifyReply,
  file: {
    kind: keyof typeof TYPES;
    /** Without the extension: `compliance-2026-10-31`. */
    name: string;
    body: Buffer | NodeJS.ReadableStream;
    disposition?: 'inline' | 'attachment';
  },
) {
  return reply
    .header('content-type', TYPES[file.kind])
    .header(
      'content-disposition',
      `${file.disposition ?? 'attachment'}; filename="${file.name}.${file.kind}"`,
    )
    .header('cache-control', 'private, no-store')
    .send(file.body);
}
