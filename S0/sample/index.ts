export { SAMPLE_DIR, SAMPLE_EVENTS_FILE, SAMPLE_RULES_DIR } from './paths.js';
export {
  generateEvents, generateSampleEvents, toNdjsonLines, SAMPLE_EVENT_COUNT,
  type GenerateOptions, type GenesysOrgRef,
} from './generate.js';
export { sampleRuleFiles, type SampleRule, type SampleRuleFile } from './sample-rules.js';
export { sampleFileContents, writeSample, type WriteSampleResult } from './write-sample.js';
export {
  SAMPLE_ACCOUNT, SAMPLE_EVENT_SOURCE_SUFFIX, SAMPLE_ORG_ID, SAMPLE_REGION, SAMPLE_SEED, SAMPLE_START, QUEUES as SAMPLE_QUEUES,
} from './directory.js';
export { Random } from './random.js';
