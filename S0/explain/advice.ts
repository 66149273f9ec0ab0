import type { FailureFix, PatternFailure } from '../pattern/explain-types.js';

/** A failure before advice is added: what the engine's explainer knows. */
export type BareFailure = Omit<PatternFailure, 'hint' | 'fix'> & { hint?: string; fix?: FailureFix };

export interface HintContext {
  /** The parsed event being explained. */
  event: unknown;
}

export interface Advice {
  hint: string;
  fix?: FailureFix;
}

/** One concern: returns advice when it recognises the failure, `undefined` otherwise. */
export type Advisor = (failure: BareFailure, context: HintContext) => Advice | undefined;
