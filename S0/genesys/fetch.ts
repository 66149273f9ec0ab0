import type { GenesysClient } from './client.js';
import { queryConversationDetails, type DetailsQueryOptions } from './analytics.js';
import { rebuildDetailEvents, type EnvelopeTarget, type RebuiltEvent } from './rebuild.js';

export interface FetchSummary {
  conversations: number;
  events: number;
}

/** Conversations of the interval, each turned into the detail events it would have produced. */
export async function* fetchRebuiltEvents(
  client: GenesysClient,
  options: DetailsQueryOptions & { target: EnvelopeTarget; summary?: FetchSummary },
): AsyncGenerator<RebuiltEvent> {
  const summary = options.summary ?? { conversations: 0, events: 0 };
  for await (const conversation of queryConversationDetails(client, options)) {
    summary.conversations += 1;
    for (const rebuilt of rebuildDetailEvents(conversation, options.target)) {
      summary.events += 1;
      yield rebuilt;
    }
  }
}
