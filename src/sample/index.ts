export { SAMPLE_DIR, SAMPLE_EVENTS_FILE, SAMPLE_RULES_DIR } from './paths.js';
