export * from './types.js';
export { diagnose } from './diagnose.js';
export { gatherDoctorFacts, type DoctorOptions } from './gather.js';
export { defaultPatternEngine } from './engine.js';
export { formatFindingsText, formatFindingsJson, summarizeFindings, doctorExitCode, type DoctorSummary } from './format.js';
export { runDoctor } from './run.js';
