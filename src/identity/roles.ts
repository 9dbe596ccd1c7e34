export const ROLES = ['learner', 'trainer', 'hr', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** The roles an admin grants; `learner` is everyone's. */
export const GRANTED_ROLES = ['trainer', 'hr', 'admin'] as const satisfies readonly Role[];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles are stored as a sorted comma-separated list; `learner` is always kept. */
export function normalizeRoles(roles: Iterable<Role>): Role[] {
  const set = new Set<Role>(roles);
  set.add('learner');
  return ROLES.filter((role) => set.has(role));
}

export const rolesTransformer = {
  to: (roles: Role[] | undefined): string | undefined =>
    roles ? normalizeRoles(roles).join(',') : undefined,
  from: (text: string | null): Role[] => (text ? text.split(',').filter(isRole) : []),
};
