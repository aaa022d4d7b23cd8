import { useRBAC, type Permission } from '@strapi/strapi/admin';

/** Whether the current admin holds the permission (a change permission decides which buttons show). */
export const useCan = (permissions: Permission[]) => {
  const { allowedActions, isLoading } = useRBAC(permissions);
  return { allowed: !isLoading && Object.values(allowedActions).some(Boolean), isLoading };
};
