// No imports: the shapes of webhook registration and the event inbox as the admin routes answer them.

export type EventStatus = 'pending' | 'processing' | 'done' | 'failed' | 'dead' | 'dropped';

/** What a registration run did to one hook. */
export type HookAction = 'created' | 'updated' | 'reactivated' | 'unchanged' | 'deleted';

export interface HookReport {
  scope: string;
  id: number;
  isActive: boolean;
  destination: string;
  action: HookAction;
}

export interface RegistrationReport {
  destination: string;
  hooks: HookReport[];
  checkedAt: string;
}

/** The inbox's events by status, and when the last one arrived. */
export type InboxCounts = Record<EventStatus, number> & { lastReceivedAt: string | null };

export interface WebhookStatus {
  destination: string | null;
  /** `updatedAt` is BigCommerce's Unix time in seconds. */
  hooks: { id: number; scope: string; destination: string; isActive: boolean; updatedAt: number }[];
  inbox: InboxCounts;
  lastCheck: RegistrationReport | null;
  /** Why BigCommerce's hook list could not be read; the inbox is still shown. */
  error: string | null;
}

/** An inbox event as the admin lists it (the server's row carries more: see server/src/services/webhook-inbox.ts). */
export interface InboxEventView {
  id: number;
  scope: string;
  resourceType: 'product' | 'category' | 'other';
  resourceId: number;
  status: EventStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
}
