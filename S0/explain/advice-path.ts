import type { Advisor } from './advice.js';
import { findSimilarPaths } from './event-paths.js';

/** The key exists, but at another depth or in another case: "did you mean ...?" */
export const fieldElsewhere: Advisor = (failure, { event }) => {
  if (failure.code !== 'missing-field' || failure.path === '') return undefined;
  const [nearest, ...others] = findSimilarPaths(event, failure.path);
  if (nearest === undefined) return undefined;
  const genesysNote =
    failure.path.startsWith('detail.') && !failure.path.startsWith('detail.eventBody.') && nearest.startsWith('detail.eventBody.')
      ? ' Genesys puts the payload under detail.eventBody.'
      : nearest.toLowerCase() === failure.path.toLowerCase()
        ? ' Field names are case-sensitive.'
        : '';
  const also = others.length > 0 ? ` (also at ${others.slice(0, 2).join(', ')})` : '';
  return {
    hint: `The event has no ${failure.path}; did you mean ${nearest}${also}?${genesysNote}`,
    fix: { path: nearest, expected: failure.expected },
  };
};
