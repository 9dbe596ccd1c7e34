import { Injectable, Optional } from '@nestjs/common';
import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CourseAlerts } from '../common/course-alerts.js';
import { AppConfig } from '../config/app-config.js';
import { logoUrl } from '../config/branding.js';
import { DEMO_SEEDED, SettingsService } from '../database/settings.service.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../demo/demo-roster.js';
import { hasRole } from '../identity/principal.js';
import type { Principal } from '../identity/principal.js';
import type { Role } from '../identity/roles.js';

/** The most problems the banner lists for one edition; the course list has them all. */
const ALERT_PROBLEMS = 5;

interface NavItem {
  href: string;
  label: string;
  /** `site-leader`: an active administrator on the roster (the session's lookup says so). */
  roles: Role[] | 'signed-in' | 'site-leader';
  /** Other pages that belong to this item (by default, the pages under its path). */
  pages?: string[];
  /** Staff training only (sessions, programs): not shown to community learners. */
  staffOnly?: boolean;
}

const NAV: NavItem[] = [
  { href: '/', label: 'My training', roles: 'signed-in' },
  { href: '/certificates', label: 'My certificates', roles: 'signed-in' },
  { href: '/transcript', label: 'My transcript', roles: 'signed-in' },
  { href: '/sessions', label: 'Sessions', roles: 'signed-in', staffOnly: true },
  { href: '/programs', label: 'Programs', roles: 'signed-in', staffOnly: true },
  { href: '/site', label: 'My school', roles: 'site-leader' },
  { href: '/trainer/courses', label: 'Courses', roles: ['trainer', 'admin'] },
  { href: '/hr', label: 'Compliance', roles: ['hr', 'admin'], pages: ['/hr/overdue'] },
  { href: '/hr/staff', label: 'Staff', roles: ['hr', 'admin'] },
  { href: '/hr/import', label: 'Import roster', roles: ['hr', 'admin'] },
  { href: '/hr/certificates', label: 'Find a certificate', roles: ['hr', 'admin'] },
  { href: '/hr/reminders', label: 'Reminders', roles: ['hr', 'admin'] },
  { href: '/reports/surveys', label: 'Surveys', roles: ['trainer', 'hr', 'admin'] },
  { href: '/hr/cohorts', label: 'Community cohorts', roles: ['hr', 'admin'] },
  { href: '/admin/people', label: 'People', roles: ['admin'] },
  { href: '/admin/audit', label: 'Audit log', roles: ['admin'] },
  { href: '/admin/configuration', label: 'Configuration', roles: ['admin'] },
  { href: '/admin/outbox', label: 'Mail outbox', roles: ['admin'] },
  { href: '/api/docs', label: 'API documentation', roles: ['admin'] },
];

/** Renders a page inside the shared layout, with navigation for the signed-in person's roles. */
/**
 * The data pages: tables and reports, laid out across a desktop's width. Every other page keeps a line
 * length for reading.
 */
const WIDE_PAGES = new Set([
  'admin-audit',
  'admin-outbox',
  'admin-people',
  'hr-certificates',
  'hr-cohort-report',
  'hr-dashboard',
  'hr-overdue',
  'hr-reminders',
  'hr-staff',
  'import-review',
  'site-dashboard',
  'survey-report',
  'trainer-quiz-items',
]);

@Injectable()
export class ViewService {
  constructor(
    private readonly config: AppConfig,
    private readonly settings: SettingsService,
    @Optional() private readonly alerts?: CourseAlerts,
  ) {}

  /** The header's logo, when the district has one. */
  private get logo() {
    const logo = this.config.branding.logo;
    return logo ? { src: logoUrl(logo), width: logo.width, height: logo.height } : null;
  }

  async render(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    data: Record<string, unknown> & { title: string },
    status = 200,
  ): Promise<FastifyReply> {
    const principal = request.principal;
    const path = request.url.split('?')[0];
    const nav = principal
      ? NAV.filter((item) =>
          item.staffOnly && principal.community
            ? false
            : item.roles === 'signed-in'
              ? true
              : item.roles === 'site-leader'
                ? principal.leadsSite === true
                : hasRole(principal, ...item.roles),
        ).map((item) => ({
          ...item,
          current:
            item.href === path ||
            (item.pages ? item.pages.includes(path) : item.href !== '/' && path.startsWith(`${item.href}/`)),
        }))
      : [];
    const model = {
      ...data,
      districtName: this.config.districtName,
      districtLogo: this.logo,
      demo: await this.demo(),
      principal,
      nav,
      courseAlerts: this.courseAlerts(principal),
      csrfToken: reply.generateCsrf(),
      wide: WIDE_PAGES.has(template),
    };
    return reply.status(status).header('cache-control', 'no-store').view(`pages/${template}.hbs`, model);
  }

  /**
   * Published editions whose files have problems, for the people who answer for the courses and their
   * numbers (trainers, HR, admins); learners never see it. Null when there is nothing to say.
   */
  private courseAlerts(principal: Principal | undefined) {
    const alerts = this.alerts?.current ?? [];
    if (!principal || alerts.length === 0 || !hasRole(principal, 'trainer', 'hr', 'admin')) return null;
    return {
      canReload: hasRole(principal, 'trainer', 'admin'),
      editions: alerts.map((alert) => ({
        ...alert,
        lastGoodAt: alert.lastGoodAt?.toISOString() ?? null,
        problems: alert.problems.slice(0, ALERT_PROBLEMS),
        more: Math.max(0, alert.problems.length - ALERT_PROBLEMS),
      })),
    };
  }

  /**
   * False for a real district. With the demo district in the database: its banner, and while the demo
   * is on, its sign-ins (their password is published) for the sign-in page.
   */
  private async demo(): Promise<
    false | { signIns: { role: string; email: string }[]; password: string } | { signIns: null }
  > {
    if (!(await this.settings.get(DEMO_SEEDED))) return false;
    if (!this.config.demo) return { signIns: null };
    const signIns = DEMO_ACCOUNTS.map((a) => ({ role: a.roles.at(-1) ?? 'learner', email: a.email }));
    return { signIns, password: DEMO_PASSWORD };
  }
}
