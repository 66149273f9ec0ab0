import { cellSource, type Notebook } from './parameters.js';

export interface NotebookProblem {
  /** Index of the cell in the notebook. */
  cell: number;
  /** The cell's first line, to find it. */
  excerpt: string;
  /** `error`: an error output; `stderr`: tslab reports type errors and exceptions as stderr stream output. */
  kind: 'error' | 'stderr';
  text: string;
  /** With several runs in one kernel: the run (1, 2, ...) that produced it. */
  run?: number;
}

/** Every error output and stderr stream in an executed notebook. */
export function notebookProblems(notebook: Notebook): NotebookProblem[] {
  const problems: NotebookProblem[] = [];
  notebook.cells.forEach((cell, index) => {
    const excerpt = cellSource(cell).split('\n')[0] ?? '';
    for (const output of cell.outputs ?? []) {
      if (output.output_type === 'error') {
        problems.push({ cell: index, excerpt, kind: 'error', text: `${output.ename ?? 'Error'}: ${output.evalue ?? ''}` });
      } else if (output.output_type === 'stream' && output.name === 'stderr') {
        const text = Array.isArray(output.text) ? output.text.join('') : (output.text ?? '');
        problems.push({ cell: index, excerpt, kind: 'stderr', text: text.trimEnd() });
      }
    }
  });
  return problems;
}
