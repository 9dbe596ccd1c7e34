import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Account } from '../identity/account.entity.js';
import { Invitation } from '../identity/invitation.entity.js';
import { Session } from '../identity/session.entity.js';
import { RosterUpload } from '../staff/roster-upload.entity.js';
import { Site } from '../staff/site.entity.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import { Setting } from './setting.entity.js';

/** Every entity, for the DataSource used by the app, the CLI and the tests. */
export const ENTITIES = [Account, Session, Invitation, Site, StaffMember, RosterUpload, AuditEntry, Setting];
