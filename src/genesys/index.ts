// Public API of the Genesys Cloud area.
export { GENESYS_REGIONS, resolveRegion, type GenesysRegion } from './regions.js';
export { genesysConfigFromEnv, type GenesysConfig, type GenesysConfigFlags } from './config.js';
export { GenesysClient, createGenesysClient, type GenesysClientOptions, type RequestOptions } from './client.js';
export { GenesysApiError } from './errors.js';
export { DEFAULT_RETRY_POLICY as GENESYS_DEFAULT_RETRY_POLICY, type RetryPolicy as GenesysRetryPolicy } from './retry.js';
export { paginate as paginateGenesys, collect, type EntityListing } from './paging.js';
export { discoverEventBridgeIntegrations, fetchOrgId, EVENTBRIDGE_INTEGRATION_TYPE, type EventBridgeIntegration } from './integrations.js';
export {
  queryConversationDetails, splitInterval, MAX_QUERY_DAYS, SYNC_RESULT_LIMIT,
  type AnalyticsConversation, type AnalyticsParticipant, type AnalyticsSession, type AnalyticsSegment, type DetailsQueryOptions,
} from './analytics.js';
export { rebuildDetailEvents, type EnvelopeTarget, type Provenance, type RebuiltEvent } from './rebuild.js';
export { fetchRebuiltEvents, type FetchSummary } from './fetch.js';
export { resolveEnvelopeTarget, type TargetOverrides } from './target.js';
export { refreshTopicCatalogue, staleCatalogueNote, CATALOGUE_MAX_AGE_DAYS } from './topics.js';
export { openNdjsonFile, streamNdjson, NdjsonWriteError, type NdjsonSink } from './ndjson-sink.js';
export {
  captureNotifications, planChannels, queueTopics, userTopics, MAX_TOPICS_PER_CHANNEL, MAX_CAPTURE_CHANNELS,
  type CaptureOptions, type CaptureSummary,
} from './capture.js';
