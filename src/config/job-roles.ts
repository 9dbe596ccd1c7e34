/** One of the district's job roles: the `job_role` value in its roster, and how reports name the group. */
export interface JobRole {
  id: string;
  label: string;
}

/** The roles Hearth knows without HEARTH_JOB_ROLES: the contract's examples. */
export const DEFAULT_JOB_ROLES: readonly JobRole[] = [
  { id: 'teacher', label: 'Teachers' },
  { id: 'paraprofessional', label: 'Paraprofessionals' },
  { id: 'counselor', label: 'Counselors' },
  { id: 'administrator', label: 'Administrators' },
  { id: 'support', label: 'Support staff' },
];

/**
 * The job roles to offer and accept wherever staff are picked or grouped by role: the configured ones
 * (in their order), then each other one the roster holds, named by its id as the by-role figures name
 * it. One list, so a role a report shows can always be chosen in its filter.
 */
export function rolesWithHeld(configured: readonly JobRole[], held: readonly string[]): JobRole[] {
  const others = held.filter((id) => !configured.some((role) => role.id === id));
  return [...configured, ...[...new Set(others)].sort().map((id) => ({ id, label: id }))];
}

/** A job_role as a roster holds it (lower-cased): a letter, then letters, digits and underscores. */
export const JOB_ROLE_ID = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Any job_role a roster row may hold (lower-cased): JOB_ROLE_ID's, and spaces and hyphens too ("bus
 * driver"), which HEARTH_JOB_ROLES cannot name but the roster accepts, and reports may filter by.
 */
export const ROSTER_JOB_ROLE = /^[a-z][a-z0-9 _-]{0,63}$/;

/**
 * HEARTH_JOB_ROLES: `id` or `id=Label` items, comma-separated, e.g.
 * `teacher=Teachers,nurse=School nurses,bus_driver=Bus drivers`. A known id without a label keeps its
 * label; another is named by its id. The problems, or the roles.
 */
export function parseJobRoles(text: string): { roles: JobRole[] } | { problems: string[] } {
  const problems: string[] = [];
  const roles: JobRole[] = [];
  for (const item of text.split(',').map((part) => part.trim())) {
    if (!item) continue;
    const [id, ...rest] = item.split('=');
    const label = rest.join('=').trim();
    const key = id.trim();
    if (!JOB_ROLE_ID.test(key))
      problems.push(
        `HEARTH_JOB_ROLES: "${key.slice(0, 64)}" is not a job role id (lower-case letters, digits, _)`,
      );
    else if (roles.some((role) => role.id === key)) problems.push(`HEARTH_JOB_ROLES names ${key} twice`);
    else if (label.length > 100)
      problems.push(`HEARTH_JOB_ROLES: the label of ${key} is over 100 characters`);
    else
      roles.push({
        id: key,
        label: label || (DEFAULT_JOB_ROLES.find((role) => role.id === key)?.label ?? key),
      });
  }
  if (problems.length === 0 && roles.length === 0)
    problems.push('HEARTH_JOB_ROLES must name at least one job role');
  return problems.length ? { problems } : { roles };
}
