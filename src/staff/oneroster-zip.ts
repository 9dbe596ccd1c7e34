import yauzl from 'yauzl';
import type { RosterError } from './roster-csv.js';

/** The files of a OneRoster package that Hearth reads; the others (classes, courses…) are skipped unread. */
export const ONEROSTER_FILES = ['manifest.csv', 'users.csv', 'roles.csv', 'orgs.csv'] as const;
export type OneRosterFile = (typeof ONEROSTER_FILES)[number];

/** The most one file may unpack to, and all of them together (200,000 staff are about 60 MB). */
export const MAX_UNPACKED_FILE = 128 * 1024 * 1024;
export const MAX_UNPACKED_TOTAL = 256 * 1024 * 1024;
/** More entries than any real package has (OneRoster 1.2 defines 16 files). */
const MAX_ENTRIES = 200;

const refused = (message: string): { error: RosterError } => ({
  error: { file: '', line: 0, column: '', message },
});

/**
 * The files Hearth needs from a OneRoster ZIP, unpacked, or why the ZIP is refused: not a ZIP, a name
 * that leaves the package (`../users.csv`, `/etc/passwd`: yauzl refuses them), or more than the bounds
 * would unpack (a ZIP bomb: each entry's declared size is checked before it is read, and yauzl stops an
 * entry that unpacks to more than it declared).
 */
export function readOneRosterZip(
  bytes: Buffer,
): Promise<{ files: Map<OneRosterFile, Buffer>; elsewhere: string[] } | { error: RosterError }> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, strictFileNames: true, validateEntrySizes: true },
      (openError, zip) => {
        if (openError || !zip)
          return resolve(refused(`the body is not a ZIP file (${openError?.message ?? 'unreadable'})`));
        const files = new Map<OneRosterFile, Buffer>();
        const elsewhere: string[] = [];
        let entries = 0;
        let total = 0;
        let settled = false;
        const finish = (
          result: { files: Map<OneRosterFile, Buffer>; elsewhere: string[] } | { error: RosterError },
        ) => {
          if (settled) return;
          settled = true;
          zip.close();
          resolve(result);
        };
        zip.on('error', (error: Error) => finish(refused(`the ZIP cannot be read: ${error.message}`)));
        zip.on('end', () => finish({ files, elsewhere }));
        zip.on('entry', (entry: yauzl.Entry) => {
          if (++entries > MAX_ENTRIES)
            return finish(
              refused(
                `the ZIP holds more than ${MAX_ENTRIES} entries; a OneRoster package has a few CSV files`,
              ),
            );
          const name = entry.fileName;
          const wanted = (ONEROSTER_FILES as readonly string[]).includes(name);
          if (!wanted) {
            if (!name.endsWith('/') && ONEROSTER_FILES.some((file) => name.endsWith(`/${file}`)))
              elsewhere.push(name);
            return zip.readEntry();
          }
          total += entry.uncompressedSize;
          if (entry.uncompressedSize > MAX_UNPACKED_FILE || total > MAX_UNPACKED_TOTAL)
            return finish(
              refused(
                `${name} would unpack to ${entry.uncompressedSize.toLocaleString('en-US')} bytes, more than a roster can be: refused`,
              ),
            );
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream)
              return finish(refused(`${name} cannot be unpacked: ${streamError?.message ?? 'unreadable'}`));
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('error', (error: Error) =>
              finish(refused(`${name} cannot be unpacked: ${error.message}`)),
            );
            stream.on('end', () => {
              files.set(name as OneRosterFile, Buffer.concat(chunks));
              zip.readEntry();
            });
          });
        });
        zip.readEntry();
      },
    );
  });
}
