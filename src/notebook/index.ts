// What notebooks use besides the library (`genesys-eventbridge-debugger/notebook`): display helpers, kernel set-up, scaffolding, the headless runner.
export * from './mime.js';
export * from './views.js';
export { chartBundle } from './chart.js';
export { applyFixes, type AppliedFixes } from '../explain/apply-fixes.js';
export { display, inNotebook } from './display.js';
export { kernelSpec, installKernel, jupyterPath, KERNEL_NAME, JUPYTER_DIR, type KernelSpec } from './kernel-spec.js';
export { scaffoldRunbookFolder, NOTEBOOK_TEMPLATES_DIR, type ScaffoldOptions, type ScaffoldResult } from './scaffold.js';
export {
  injectParameters,
  parameterDeclarations,
  parameterAssignments,
  cellSource,
  PARAMETERS_TAG,
  INJECTED_TAG,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
  type ParameterDeclaration,
} from './parameters.js';
export { notebookProblems, type NotebookProblem } from './problems.js';
export { executeNotebook, findPython, DEFAULT_PYTHON, type ExecuteOptions, type ExecuteResult } from './execute.js';
export {
  gatherEvents,
  captureTopics,
  lastHoursInterval,
  CAPTURE_SETUP_SECONDS,
  type GatherEventsOptions,
  type GatheredEvents,
  type CaptureRequest,
} from './gather-events.js';
export {
  ruleSpecs,
  expectation,
  nearestMissViews,
  exportVerdicts,
  patternTopics,
  rulePathFindings,
  runbookChecks,
  assertRunbookPassed,
  type PathFinding,
  type RunbookCheckOptions,
} from './steps.js';
