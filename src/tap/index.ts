// The tap: a temporary catch-all rule on a bus with a CloudWatch Logs target, streamed to NDJSON and removed afterwards.
export { planTap, describeTapPlan, TAP_IAM_ACTIONS, TAP_PREFIX, TAP_LOG_GROUP_PREFIX, TAP_TAG, TAP_EXPIRES_TAG, CATCH_ALL_PATTERN, type TapPlan } from './plan.js';
export { runTap, removeTapResources, describeResource, type TapRunOptions, type TapSummary, type TapResource } from './run.js';
export { cleanupTaps, type CleanupResult } from './cleanup.js';
