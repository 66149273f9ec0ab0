export { writeFileAtomic } from './atomic.js';
export { htmlPage } from './html-page.js';
export { escapeHtml, csvField, csvRow, mdCell, mdTable } from './escape.js';
export {
  coverageRows, coverageJson, coverageNdjson, coverageCsv, coverageMarkdown, renderCoverage, writeCoverageExports, COVERAGE_FORMATS,
  type CoverageRow, type CoverageFormat, type WriteCoverageOptions,
} from './coverage-export.js';
export { coverageHtml, type CoverageChart, type CoverageProblemSummary } from './coverage-html.js';
export { writeCoverageReport, redactProblems, type CoverageReportOptions, type CoverageReportFiles } from './coverage-report.js';
export { RuleEvaluator, eventIdOf, detailTypeOf, type Verdict, type EventLocation } from './verdicts.js';
export * from './verdict-summary.js';
export * from './verdict-formats.js';
export { renderHtml, HTML_VERDICTS_PER_RULE } from './verdict-html.js';
export { AtomicFileStream } from './verdict-stream.js';
export { CrossCheckCollector, summariseCrossCheck, DEFAULT_CROSS_CHECK_PAIRS } from './verdict-cross-check.js';
export { runRuleTests, type RunRuleTestsOptions, type RuleTestRun } from './verdict-run.js';
export { ruleExpectationFailures, type RuleExpectationOptions } from './rule-expectations.js';
export { renderJunit, xmlEscape } from './junit.js';
export { renderGithubAnnotations, annotation } from './github-annotations.js';
export { testCiCases, lintCiCases, testSummaryLine, type CiCase, type CiMessage, type CiLevel } from './ci-cases.js';
export { CI_FORMATS, CI_FILE_NAMES, ciFormatOf, renderCi, type CiFormat } from './ci-formats.js';
export { renderLintText, lintSummaryLine, findingLocation } from './lint-text.js';
