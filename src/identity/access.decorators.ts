import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles.js';

export const ACCESS_KEY = 'hearth:access';
/** Every route states who may call it; the AccessGuard refuses a route that does not. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** Anyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS_KEY, 'public' satisfies Access);
/** Any signed-in account. */
export const SignedIn = () => SetMetadata(ACCESS_KEY, 'signed-in' satisfies Access);
/** Accounts holding at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, roles satisfies Access);
