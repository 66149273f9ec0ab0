export { readEvents, type EventRecord, type ReadProblem, type ReadEventsOptions, type ReadProgress } from './read.js';
export { resolveInputs, isEventFileName, EVENT_FILE_EXTENSIONS, type EventInput, type InputProblem } from './inputs.js';
export { collectEvents, type CollectedEvents } from './collect.js';
