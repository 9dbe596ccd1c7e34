import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';

/** Every kind of message Hearth sends; each has templates/mail/{kind}.{subject,txt,html}.hbs. */
export const MAIL_KINDS = [
  'invitation',
  'password-reset',
  'reminder',
  'site-digest',
  'session-seat',
  'session-cancelled',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Template = (data: Record<string, unknown>) => string;

/**
 * The mail templates, compiled once. The plain-text part and the subject are not HTML, so they are not
 * escaped; the HTML part is, and sits in one shared layout.
 */
export class MailTemplates {
  private readonly compiled = new Map<string, Template>();

  constructor(private readonly dir: string) {}

  render(kind: MailKind, data: Record<string, unknown>): RenderedMail {
    const subject = this.template(`${kind}.subject`, true)(data).trim().replace(/\s+/g, ' ');
    const text = this.template(`${kind}.txt`, true)(data);
    const body = this.template(`${kind}.html`, false)(data);
    const html = this.template('layout.html', false)({ ...data, subject, body });
    return { subject, text, html };
  }

  private template(name: string, plain: boolean): Template {
    let template = this.compiled.get(name);
    if (!template) {
      const source = readFileSync(join(this.dir, 'mail', `${name}.hbs`), 'utf8');
      template = Handlebars.compile(source, { noEscape: plain, strict: true });
      this.compiled.set(name, template);
    }
    return template;
  }
}
