import { REFERENCE_AUDIT_OAUTH_CLIENT_DELETED, REFERENCE_CUSTOMER_START } from '../fixtures/reference-events.js';

/** A fresh, mutable copy of the reference's customer start, plus `interactingDurationMs: 12000` (a number to test numeric rules on). */
export function customerStart(): Record<string, any> {
  const event: Record<string, any> = structuredClone(REFERENCE_CUSTOMER_START);
  event.detail.eventBody.interactingDurationMs = 12000;
  return event;
}

/** A fresh, mutable copy of the reference's audit event (OAuth client deleted). */
export function auditOAuthClientDeleted(): Record<string, any> {
  return structuredClone(REFERENCE_AUDIT_OAUTH_CLIENT_DELETED);
}
