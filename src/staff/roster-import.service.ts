import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { chunks } from '../database/rows.js';
import { type Acting, elevated, mayActFor } from '../identity/grants.js';
import { SessionsRepository } from '../identity/sessions.repository.js';
import { parseOneRoster } from './oneroster.js';
import { readOneRosterZip } from './oneroster-zip.js';
import {
  type CoursesForRole,
  decodeRoster,
  linesText,
  parseRoster,
  type RosterError,
  type RosterRow,
} from './roster-csv.js';
import { fieldChanges, type ImportChanges, type ImportCounts, type ImportResult } from './roster-changes.js';
import { RosterRepository, type RosterStateRow } from './roster.repository.js';
import type { Site } from './site.entity.js';

export interface ImportOptions {
  sync: boolean;
  dryRun: boolean;
  /** Where the import came from, for the audit log (default: api). */
  source?: 'api' | 'page' | 'cli' | 'demo' | 'oneroster';
  /** Called as rows are checked and written (for the CLI's progress bar). */
  onProgress?: (done: number, total: number, phase: 'checking' | 'writing') => void;
}

/** Work run inside the import's transaction (it commits with the import). */
export type ImportListener = () => Promise<void>;

/** A site as planned: a new one has no id yet. */
type PlannedSite = Site | { id?: undefined; code: string; name: string };

interface Plan {
  counts: ImportCounts;
  changes: ImportChanges;
  newSites: PlannedSite[];
  /** The lines naming each new site's code. */
  newSiteLines: Map<string, number[]>;
  /** The district had no sites before this import. */
  firstSites: boolean;
  renamedSites: Site[];
  /** Rows to create or update, with the account they belong to (undefined: create one). */
  upserts: { row: RosterRow; existing?: RosterStateRow; accountId?: number }[];
  emailChanges: { accountId: number; email: string }[];
  /** Staff ids the sync marks inactive. */
  deactivate: number[];
  /** Accounts of people who leave with this import: their sessions end. */
  leaving: number[];
}

/**
 * The roster import: everything is validated before anything is written, then the whole file is applied
 * in one transaction with bulk statements (a 10,000-row file is a few dozen statements, not 10,000).
 */
@Injectable()
export class RosterImportService {
  private readonly listeners: ImportListener[] = [];
  private coursesFor?: CoursesForRole;

  constructor(
    private readonly database: Database,
    private readonly roster: RosterRepository,
    private readonly sessionRows: SessionsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Work that must commit with every applied import (e.g. updating assignments). */
  onApplied(listener: ImportListener): void {
    this.listeners.push(listener);
  }

  /**
   * How the import learns which courses a job role gets (the assignments know; staff cannot depend on
   * them), so its warning about a job role it does not know tells the truth.
   */
  askCoursesFor(coursesFor: CoursesForRole): void {
    this.coursesFor = coursesFor;
  }

  async importCsv(bytes: Uint8Array, options: ImportOptions, actor: Acting): Promise<ImportResult> {
    const decoded = decodeRoster(bytes);
    if ('error' in decoded) return { ok: false, errors: [decoded.error], warnings: [] };
    return this.importText(decoded.text, options, actor);
  }

  /** A OneRoster 1.2 CSV package (a ZIP) through the same checks, plan and transaction as the CSV. */
  async importOneRoster(bytes: Buffer, options: ImportOptions, actor: Acting): Promise<ImportResult> {
    const unpacked = await readOneRosterZip(bytes);
    if ('error' in unpacked) return { ok: false, errors: [unpacked.error], warnings: [] };
    const parsed = parseOneRoster(
      unpacked.files,
      unpacked.elsewhere,
      this.config.jobRoleIds,
      this.coursesFor,
    );
    if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors, warnings: parsed.warnings };
    return this.apply(
      parsed.rows,
      { ...options, source: options.source ?? 'oneroster' },
      actor,
      parsed.warnings,
    );
  }

  /** The same, for a roster already decoded to text. */
  async importText(text: string, options: ImportOptions, actor: Acting): Promise<ImportResult> {
    const parsed = parseRoster(text, this.config.jobRoleIds, this.coursesFor);
    if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors, warnings: parsed.warnings };
    return this.apply(parsed.rows, options, actor, parsed.warnings);
  }

  async apply(
    rows: RosterRow[],
    options: ImportOptions,
    actor: Acting,
    warnings: string[] = [],
  ): Promise<ImportResult> {
    const total = rows.length;
    options.onProgress?.(0, total, 'checking');
    const result = await this.database.transaction(async () => {
      const plan = await this.plan(rows, options.sync, actor);
      if ('errors' in plan) return { ok: false as const, errors: plan.errors, warnings };
      options.onProgress?.(0, total, 'writing');
      if (!options.dryRun) {
        await this.write(plan, (done) => options.onProgress?.(done, total, 'writing'));
        for (const listener of this.listeners) await listener();
        await this.audit.record(actor && { accountId: actor.accountId, email: actor.email }, {
          action: 'staff.import',
          target: `${total} rows`,
          details: { ...plan.counts, sync: options.sync, source: options.source ?? 'api' },
        });
      }
      // A new site is created on first sight (contract); a mistyped code would be one too. The first
      // roster of a district names only new sites: no warning then.
      const siteWarnings = plan.firstSites
        ? []
        : [...plan.newSiteLines].map(
            ([code, lines]) =>
              `site_code "${code}" (${linesText(lines)}) names a new site, which this import creates. ` +
              'Check the code if you meant an existing site.',
          );
      return {
        ok: true as const,
        counts: plan.counts,
        changes: plan.changes,
        warnings: [...warnings, ...siteWarnings],
        dryRun: options.dryRun,
      };
    });
    options.onProgress?.(total, total, 'writing');
    return result;
  }

  private async plan(
    rows: RosterRow[],
    sync: boolean,
    actor: Acting,
  ): Promise<Plan | { errors: RosterError[] }> {
    const state = await this.roster.rosterState();
    const accounts = await this.roster.accountsByEmail();
    const sites: Map<string, PlannedSite> = await this.roster.sitesByCode();
    const siteCodeOf = new Map([...sites.values()].map((site) => [site.id, site.code]));
    const byEmployeeId = new Map(state.map((row) => [row.employeeId, row]));
    const byAccountId = new Map(state.map((row) => [row.accountId, row]));
    const staffAccountIds = new Set(state.map((row) => row.accountId));
    const inFile = new Map(rows.map((row) => [row.employeeId, row]));
    /** The account that will still hold this email after the import (an address the file moves away is free). */
    const ownerOf = (email: string): number | undefined => {
      const id = accounts.get(email)?.id;
      const holder = id === undefined ? undefined : byAccountId.get(id);
      const next = holder ? inFile.get(holder.employeeId) : undefined;
      return next && next.email !== email ? undefined : id;
    };
    const errors: RosterError[] = [];
    const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0, deactivated: 0 };
    const changes: ImportChanges = { created: [], updated: [], deactivated: [] };
    const plan: Plan = {
      counts,
      changes,
      newSites: [],
      newSiteLines: new Map(),
      firstSites: sites.size === 0,
      renamedSites: [],
      upserts: [],
      emailChanges: [],
      deactivate: [],
      leaving: [],
    };
    /**
     * A roster row may attach a staff record to an account, or change an account's e-mail, only if the
     * importer could grant that account's roles: otherwise HR could take over an admin's sign-in.
     */
    const outOfReach = (email: string): string | undefined => {
      const roles = accounts.get(email)?.roles ?? [];
      return mayActFor(actor, roles) ? undefined : elevated(roles).join(', ');
    };

    for (const row of rows) {
      const site = sites.get(row.siteCode);
      if (site && site.id === undefined) plan.newSiteLines.get(site.code)?.push(row.line);
      if (!site) {
        const created: PlannedSite = { code: row.siteCode, name: row.siteName ?? row.siteCode };
        sites.set(row.siteCode, created);
        plan.newSites.push(created);
        plan.newSiteLines.set(created.code, [row.line]);
      } else if (row.siteName && row.siteName !== site.name) {
        site.name = row.siteName;
        if (site.id !== undefined && !plan.renamedSites.includes(site)) plan.renamedSites.push(site);
      }
    }

    for (const row of rows) {
      const existing = byEmployeeId.get(row.employeeId);
      const owner = ownerOf(row.email);
      if (owner !== undefined && owner !== existing?.accountId && staffAccountIds.has(owner)) {
        const other = byAccountId.get(owner);
        errors.push({
          ...(row.file ? { file: row.file } : {}),
          line: row.line,
          column: 'email',
          message: `"${row.email}" already belongs to employee ${other?.employeeId ?? 'another staff member'}`,
        });
        continue;
      }
      if (!existing) {
        const roles = owner === undefined ? undefined : outOfReach(row.email);
        if (roles) {
          errors.push({
            ...(row.file ? { file: row.file } : {}),
            line: row.line,
            column: 'email',
            message:
              `"${row.email}" is the sign-in of an account with the roles ${roles}: only an admin can ` +
              'import a staff record for it (signed in, on the Import roster page or the API)',
          });
          continue;
        }
        counts.created++;
        changes.created.push({
          line: row.line,
          employeeId: row.employeeId,
          firstName: row.firstName,
          lastName: row.lastName,
          email: row.email,
          siteCode: row.siteCode,
          jobRole: row.jobRole,
          status: row.status,
        });
        // An account without a staff record (e.g. the bootstrap admin) becomes this person's account.
        plan.upserts.push({ row, accountId: owner });
        if (owner !== undefined) staffAccountIds.add(owner);
        continue;
      }
      const site = sites.get(row.siteCode);
      const same =
        existing.firstName === row.firstName &&
        existing.lastName === row.lastName &&
        existing.email === row.email &&
        existing.siteId === site?.id &&
        existing.jobRole === row.jobRole &&
        existing.hireDate === row.hireDate &&
        existing.status === row.status;
      if (same) {
        counts.unchanged++;
        continue;
      }
      if (owner !== undefined && owner !== existing.accountId) {
        errors.push({
          ...(row.file ? { file: row.file } : {}),
          line: row.line,
          column: 'email',
          message: `"${row.email}" already belongs to another account`,
        });
        continue;
      }
      const roles = existing.email === row.email ? undefined : outOfReach(existing.email);
      if (roles) {
        errors.push({
          ...(row.file ? { file: row.file } : {}),
          line: row.line,
          column: 'email',
          message:
            `employee ${row.employeeId} signs in as "${existing.email}", an account with the roles ${roles}: ` +
            'only an admin can change its e-mail',
        });
        continue;
      }
      counts.updated++;
      changes.updated.push({
        line: row.line,
        employeeId: row.employeeId,
        firstName: row.firstName,
        lastName: row.lastName,
        fields: fieldChanges(existing, siteCodeOf.get(existing.siteId) ?? '', row),
      });
      if (existing.email !== row.email)
        plan.emailChanges.push({ accountId: existing.accountId, email: row.email });
      if (row.status === 'inactive' && existing.status !== 'inactive') plan.leaving.push(existing.accountId);
      plan.upserts.push({ row, existing, accountId: existing.accountId });
    }
    if (errors.length > 0) return { errors };

    if (sync) {
      const gone = state.filter((s) => !inFile.has(s.employeeId) && s.status !== 'inactive');
      plan.deactivate = gone.map((s) => s.id);
      changes.deactivated = gone
        .map(({ employeeId, firstName, lastName, email }) => ({ employeeId, firstName, lastName, email }))
        .sort((a, b) => a.lastName.localeCompare(b.lastName) || a.employeeId.localeCompare(b.employeeId));
      plan.leaving.push(...gone.map((s) => s.accountId));
      counts.deactivated = plan.deactivate.length;
    }
    return plan;
  }

  private async write(plan: Plan, progress: (done: number) => void): Promise<void> {
    const now = new Date();
    const today = todayIso(this.config);
    await this.roster.createSites(plan.newSites);
    for (const site of plan.renamedSites) await this.roster.renameSite(site.id, site.name);
    const siteIds = new Map(
      [...(await this.roster.sitesByCode()).values()].map((site) => [site.code, site.id]),
    );

    // Emails are unique: move changed ones in two steps so two people swapping addresses do not collide.
    for (const change of plan.emailChanges)
      await this.roster.setAccountEmail(change.accountId, `${change.accountId}@renaming.invalid`);
    for (const change of plan.emailChanges) await this.roster.setAccountEmail(change.accountId, change.email);

    const needAccounts = plan.upserts.filter((u) => u.accountId === undefined);
    for (const batch of chunks(needAccounts)) {
      const ids = await this.roster.createAccounts(
        batch.map(({ row }) => row.email),
        ['learner'],
        now,
      );
      for (const upsert of batch) upsert.accountId = ids.get(upsert.row.email);
    }
    let done = 0;
    for (const batch of chunks(plan.upserts)) {
      await this.roster.upsertStaff(
        batch.map(({ row, accountId, existing }) => ({
          firstName: row.firstName,
          lastName: row.lastName,
          siteId: siteIds.get(row.siteCode),
          jobRole: row.jobRole,
          hireDate: row.hireDate,
          status: row.status,
          // Due dates give people time from the day their role or status changed.
          changedOn:
            existing && (existing.status !== row.status || existing.jobRole !== row.jobRole)
              ? today
              : (existing?.changedOn ?? null),
          employeeId: row.employeeId,
          accountId,
          email: row.email,
        })),
        now,
      );
      done += batch.length;
      progress(done);
    }
    for (const batch of chunks(plan.deactivate)) await this.roster.deactivate(batch, today, now);
    // People who leave are signed out everywhere; their roles stay on the account for when they return.
    for (const batch of chunks(plan.leaving)) await this.sessionRows.closeForAccounts(batch);
  }
}
