import { UserError } from '../errors.js';

/** The parts of nbformat v4 we read and write. */
export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: { tags?: string[]; [key: string]: unknown };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  id?: string;
  [key: string]: unknown;
}

export interface NotebookOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error' | 'update_display_data';
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  [key: string]: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface ParameterDeclaration {
  name: string;
  /** `list`: declared as an array; a value that is not a JSON array becomes its only element. */
  kind: 'string' | 'number' | 'boolean' | 'list' | 'json';
}

export const PARAMETERS_TAG = 'parameters';
export const INJECTED_TAG = 'injected-parameters';

export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/**
 * The `let NAME[: TYPE] = VALUE;` declarations of the cell tagged `parameters`
 * (papermill's convention). The declared type decides how a `-p NAME=VALUE`
 * string is turned into a TypeScript value.
 */
export function parameterDeclarations(notebook: Notebook): ParameterDeclaration[] {
  const cell = notebook.cells.find((c) => c.metadata.tags?.includes(PARAMETERS_TAG));
  if (!cell) return [];
  const declarations: ParameterDeclaration[] = [];
  for (const match of cellSource(cell).matchAll(/^\s*let\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.+?);?\s*(?:\/\/.*)?$/gm)) {
    const [, name = '', type = '', init = ''] = match;
    declarations.push({ name, kind: kindOf(type.trim(), init.trim()) });
  }
  return declarations;
}

function kindOf(type: string, init: string): ParameterDeclaration['kind'] {
  if (type === 'string' || (!type && /^['"`]/.test(init))) return 'string';
  if (type === 'number' || (!type && /^-?\d/.test(init))) return 'number';
  if (type === 'boolean' || (!type && /^(true|false)$/.test(init))) return 'boolean';
  if (/\[\]$|^(Readonly)?Array<|^readonly /.test(type) || (!type && init.startsWith('['))) return 'list';
  return 'json';
}

/** `NAME=VALUE` strings (from `-p`) → TypeScript expressions, checked against the declarations. */
export function parameterAssignments(declarations: readonly ParameterDeclaration[], pairs: readonly string[]): Map<string, string> {
  const byName = new Map(declarations.map((d) => [d.name, d]));
  const known = declarations.map((d) => d.name).join(', ') || '(none)';
  const assignments = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`-p ${pair}: expected NAME=VALUE`, { hint: 'Example: -p RULE=sample/rules/voice-inbound.json' });
    const name = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    const declaration = byName.get(name);
    if (!declaration) throw new UserError(`-p ${name}: the notebook has no parameter ${name}`, { hint: `Its parameters cell declares: ${known}.` });
    assignments.set(name, expression(declaration, raw));
  }
  return assignments;
}

function expression(declaration: ParameterDeclaration, raw: string): string {
  switch (declaration.kind) {
    case 'string':
      return JSON.stringify(raw);
    case 'number': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw new UserError(`-p ${declaration.name}=${raw}: ${declaration.name} is a number`);
      return String(value);
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new UserError(`-p ${declaration.name}=${raw}: ${declaration.name} is true or false`);
      return raw;
    case 'list': {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
      return JSON.stringify(Array.isArray(value) ? value : [value]);
    }
    case 'json':
      try {
        return JSON.stringify(JSON.parse(raw));
      } catch {
        return JSON.stringify(raw);
      }
  }
}

/**
 * A copy of the notebook with a cell tagged `injected-parameters` right after
 * the `parameters` cell (replacing an earlier injected cell), as papermill does.
 * The cell assigns to the declared `let` variables, so tslab type-checks the values.
 */
export function injectParameters(notebook: Notebook, pairs: readonly string[]): Notebook {
  const copy: Notebook = structuredClone(notebook);
  copy.cells = copy.cells.filter((c) => !c.metadata.tags?.includes(INJECTED_TAG));
  if (pairs.length === 0) return copy;
  const index = copy.cells.findIndex((c) => c.metadata.tags?.includes(PARAMETERS_TAG));
  if (index < 0) throw new UserError('the notebook has no cell tagged "parameters"', { hint: 'Tag the cell that declares the parameters with `parameters` (View → Cell metadata in JupyterLab).' });
  const assignments = parameterAssignments(parameterDeclarations(copy), pairs);
  const source = [
    '// Parameters injected by scripts/run-notebook.ts',
    ...[...assignments].map(([name, value]) => `${name} = ${value};`),
    'void 0; // tslab would print the last value',
  ].join('\n');
  copy.cells.splice(index + 1, 0, {
    cell_type: 'code',
    ...(copy.nbformat > 4 || copy.nbformat_minor >= 5 ? { id: 'injected-parameters' } : {}),
    source,
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    execution_count: null,
  });
  return copy;
}
