import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../identity/principal.js';
import type { RosterUpload } from './roster-upload.entity.js';
import type { ImportResult } from './roster-changes.js';
import { RosterImportService } from './roster-import.service.js';
import { RosterUploadsRepository } from './roster-uploads.repository.js';

/**
 * The import page's two steps: a dry run of the uploaded file, kept for the person who uploaded it, and
 * their confirmation, which applies it (as the roster is then) and forgets the file.
 */
@Injectable()
export class RosterReviewService {
  constructor(
    private readonly importer: RosterImportService,
    private readonly uploads: RosterUploadsRepository,
  ) {}

  /** The dry run; when it would apply, the id under which the file waits for confirmation. */
  async review(
    text: string,
    file: { filename: string; sync: boolean },
    by: Principal,
  ): Promise<{ result: ImportResult; uploadId?: number }> {
    const result = await this.importer.importText(
      text,
      { sync: file.sync, dryRun: true, source: 'page' },
      by,
    );
    if (!result.ok) return { result };
    const uploadId = await this.uploads.keep({
      accountId: by.accountId,
      filename: file.filename,
      sync: file.sync,
      content: text,
      createdAt: new Date(),
    });
    return { result, uploadId };
  }

  /**
   * The dry run again, of a file this person uploaded and has not confirmed yet (the review's pages
   * read the kept file instead of asking for it again); 404 when it no longer waits.
   */
  async again(id: number, by: Principal): Promise<{ upload: RosterUpload; result: ImportResult }> {
    const upload = await this.uploads.ofAccount(id, by.accountId);
    if (!upload) throw new NotFoundException('This upload is no longer waiting for confirmation');
    const result = await this.importer.importText(
      upload.content,
      { sync: upload.sync, dryRun: true, source: 'page' },
      by,
    );
    return { upload, result };
  }

  /** Applies a file this person reviewed; 404 when it no longer waits (confirmed already, or not theirs). */
  async confirm(id: number, by: Principal): Promise<{ upload: RosterUpload; result: ImportResult }> {
    const upload = await this.uploads.ofAccount(id, by.accountId);
    if (!upload) throw new NotFoundException('This upload is no longer waiting for confirmation');
    const result = await this.importer.importText(
      upload.content,
      { sync: upload.sync, dryRun: false, source: 'page' },
      by,
    );
    await this.uploads.discard(id);
    return { upload, result };
  }
}
