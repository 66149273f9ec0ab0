export { readEvents, type EventRecord, type ReadProblem, type ReadEventsOptions, type ReadProgress } from './read.js';
export { resolveInputs, isEventFileName, EVENT_FILE_EXTENSIONS, type EventInput, type InputProblem } from './inputs.js';
export { collectEvents, type CollectedEvents } from './collect.js';
export { isRemoteSpec, parseTimeBound, type RemoteInputOptions, type RemoteRecord } from './remote.js';
export { parseS3Url, firehosePrefixes, s3Inputs, type S3Location, type S3ObjectInput } from './s3-source.js';
export { parseLogsSpec, logsInput, type LogsLocation, type LogsInput } from './logs-source.js';
export { eventFromBusLogRecord, isBusLogRecord, type BusLogOutcome } from './bus-log-record.js';
