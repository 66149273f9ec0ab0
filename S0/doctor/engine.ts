import { compilePattern, explainCompiled, type CompiledPattern } from '../pattern/index.js';
import type { DoctorPatternEngine } from './types.js';

/** The doctor's view of the pattern engine (src/pattern): compile once per rule, explain per event. */
export function defaultPatternEngine(): DoctorPatternEngine {
  return {
    compile: (patternText) => compilePattern(patternText),
    explain: (compiled, event) => explainCompiled(compiled as CompiledPattern, event),
  };
}
