import type { Role } from '../store/store.js';

/** What a request does, for authorization. Every route declares exactly one. */
export type Permission = 'read' | 'ingest' | 'define' | 'admin';

/**
 * The permission table (docs/permissions.md shows it to users; a test keeps the
 * two in step). `ingest` keys can only write rows, so a leaked collector key
 * cannot read data or change definitions.
 */
export const PERMISSIONS: Record<Role, Record<Permission, boolean>> = {
  admin: { read: true, ingest: true, define: true, admin: true },
  editor: { read: true, ingest: true, define: true, admin: false },
  viewer: { read: true, ingest: false, define: false, admin: false },
  ingest: { read: false, ingest: true, define: false, admin: false },
};

export const ROLES = Object.keys(PERMISSIONS) as Role[];

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role][permission];
}
