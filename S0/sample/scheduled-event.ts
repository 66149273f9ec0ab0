/** A notification a scenario will emit: when, on which topic, with which body. */
export interface ScheduledEvent {
  /** Epoch milliseconds at which the event happens (the body's eventTime). */
  at: number;
  /** Topic template with `{id}` in every id slot (becomes `detail-type`). */
  template: string;
  /** Concrete topic (becomes `detail.topicName`). */
  topicName: string;
  eventBody: Record<string, unknown>;
}

/** A conversation detail-event topic: `v2.detail.events.conversation.{id}.<kind>`. */
export function conversationDetailTopic(conversationId: string, kind: string): Pick<ScheduledEvent, 'template' | 'topicName'> {
  return {
    template: `v2.detail.events.conversation.{id}.${kind}`,
    topicName: `v2.detail.events.conversation.${conversationId}.${kind}`,
  };
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
