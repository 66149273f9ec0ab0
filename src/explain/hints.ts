import type { FailureFix, PatternFailure } from '../pattern/explain-types.js';
import type { Advice, Advisor, HintContext } from './advice.js';
import { caseOnly } from './advice-case.js';
import { detailAsString } from './advice-detail-string.js';
import { fallbackAdvice } from './advice-fallback.js';
import { genesysFieldAdvisors, genesysValueAdvisors, payloadUnderEventBody } from './advice-genesys.js';
import { fieldElsewhere } from './advice-path.js';
import { typeAdvisors } from './advice-types.js';

export type { HintContext } from './advice.js';

/** Most specific first: the first advisor that recognises a failure gives the advice. */
const ADVISORS: Advisor[] = [
  detailAsString,
  ...genesysFieldAdvisors,
  fieldElsewhere,
  payloadUnderEventBody,
  ...genesysValueAdvisors,
  ...typeAdvisors,
  caseOnly,
];

/**
 * Turns a bare failure (path, code, expected, actual) into advice: one
 * sentence a user can act on and, where one can be proposed, a fix.
 * Never throws: advice must not break an explanation.
 */
export function adviseFailure(
  failure: Omit<PatternFailure, 'hint' | 'fix'>,
  context: HintContext,
): { hint: string; fix?: FailureFix } {
  if (failure.code !== 'array-consistency' && failure.code !== 'no-branch-matched') {
    for (const advisor of ADVISORS) {
      let advice: Advice | undefined;
      try {
        advice = advisor(failure, context);
      } catch {
        advice = undefined;
      }
      if (advice) return advice;
    }
  }
  try {
    return fallbackAdvice(failure, context);
  } catch {
    return { hint: `No condition at ${failure.path} matches the event.` };
  }
}
