import 'reflect-metadata';
import { Command } from 'commander';
import { registerBackup } from './backup.command.js';
import { registerCertificates } from './certificates.command.js';
import { registerCourses } from './courses.command.js';
import { registerCredentials } from './credentials.command.js';
import { registerImportStaff } from './import-staff.command.js';
import { registerInvitations } from './invitations.command.js';
import { registerMigration } from './migration.command.js';
import { registerReminders } from './reminders.command.js';

const program = new Command()
  .name('hearth')
  .description('Hearth on the command line (run as: npm run hearth -- COMMAND)')
  .showHelpAfterError();
registerImportStaff(program);
registerInvitations(program);
registerMigration(program);
registerCourses(program);
registerCertificates(program);
registerBackup(program);
registerReminders(program);
registerCredentials(program);

await program.parseAsync(process.argv);
