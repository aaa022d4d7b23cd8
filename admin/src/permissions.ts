import { ADMIN_ACTIONS, actionName, type AdminActionKey } from '../../shared/permissions';

/** The RBAC actions each panel needs (declared in shared/permissions.ts), as `useRBAC` takes them. */
export const PERMISSIONS = Object.fromEntries(
  (Object.keys(ADMIN_ACTIONS) as AdminActionKey[]).map((key) => [key, [{ action: actionName(key), subject: null }]])
) as Record<AdminActionKey, { action: string; subject: null }[]>;
