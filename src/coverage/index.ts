export { createCoverage, coverageOf, NO_DETAIL_TYPE, type CoverageAccumulator } from './stats.js';
export { HyperLogLog, hashString, hashNumber } from './hll.js';
export { REDACTED, KEEP_STRING_FIELDS, isSafeString, redactValue } from './redact.js';
export { VALUE_TYPES, type ValueType, type FieldCoverage, type TopicCoverage, type CoverageResult, type CoverageOptions, type VegaLiteSpec } from './types.js';
export { presenceBarChart, presenceHeatmap, rulePathsHeatmap, rulePathPresence, isLeafField, valueDistributionChart, enumFields, ZERO_COLOUR, type PresenceChartOptions, type HeatmapOptions, type RulePathPresence, type ValueChartOptions } from './charts.js';
export { patternLeafPaths, patternAddress } from './pattern-paths.js';
export { renderSvg, svgToPng, renderChart, DEJAVU_FONTS } from './render.js';
export { analyzeCoverage, formatProgress, type AnalyzeOptions, type AnalyzeResult, type CoverageProgress } from './analyze.js';
