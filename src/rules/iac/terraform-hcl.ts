/**
 * Terraform `.tf` files: `aws_cloudwatch_event_rule` and `aws_pipes_pipe`
 * filters. HashiCorp's own parser (@cdktf/hcl2json) checks the syntax and
 * lists the resources; our scanner gives lines and evaluates the literal
 * parts (`jsonencode({...})`, heredoc JSON, variables with values).
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readHclBody, type HclAttribute, type HclBlock } from './hcl-blocks.js';
import { HclSyntaxError, HclUnresolved, evaluateHclAt, type HclContext, type RefResult } from './hcl-expression.js';
import { readPatternText } from './pattern-value.js';
import type { IacLoad, IacNote, IacRule, Unresolved } from './types.js';

export class TerraformSyntaxError extends Error {
  constructor(readonly file: string, readonly line: number, readonly reason: string) {
    super(`${file}:${line}: ${reason}`);
  }
}

interface TfFile {
  path: string;
  display: string;
  text: string;
  body: { attributes: HclAttribute[]; blocks: HclBlock[] };
}

/** HashiCorp's parser on one file: its first diagnostic as a TerraformSyntaxError. */
async function checkSyntax(file: TfFile): Promise<Record<string, unknown>> {
  // Loaded on first use: the parser is a WebAssembly build of HashiCorp's Go code.
  const { parse } = await import('@cdktf/hcl2json');
  try {
    return (await parse(basename(file.path), file.text)) as Record<string, unknown>;
  } catch (error) {
    const text = String(error instanceof Error ? error.message : error);
    const m = /:(\d+),\d+(?:-[\d,]+)?: ([^\]]*)/.exec(text);
    throw new TerraformSyntaxError(file.display, m ? Number(m[1]) : 1, m ? m[2]!.trim() : text.replace(/^parse config: /, ''));
  }
}

function stringType(typeText: string | undefined): 'string' | 'collection' | undefined {
  if (!typeText) return undefined;
  const t = typeText.replace(/\s/g, '');
  if (t === 'string') return 'string';
  if (/^(list|set)\(string\)$/.test(t)) return 'collection';
  return undefined;
}

/** Terraform's conversion of a value to a declared string type; says when it changed a number or boolean. */
function convert(value: unknown, typeText: string | undefined): { value: unknown; coerced?: string } {
  const kind = stringType(typeText);
  const toString = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
  if (kind === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return { value: String(value), coerced: `the variable's type ${typeText!.trim()} turned ${JSON.stringify(value)} into a string` };
  }
  if (kind === 'collection' && Array.isArray(value) && value.some((v) => typeof v === 'number' || typeof v === 'boolean')) {
    return { value: value.map(toString), coerced: `the variable's type ${typeText!.trim()} turned ${JSON.stringify(value)} into strings` };
  }
  return { value };
}

/** What `var.*` and `local.*` hold in one module folder (defaults, terraform.tfvars, *.auto.tfvars). */
class ModuleScope {
  private readonly evaluating = new Set<string>();
  private readonly noted = new Set<string>();
  constructor(
    private readonly files: TfFile[],
    private readonly tfvars: TfFile[],
    private readonly notes: IacNote[],
  ) {}

  private variable(name: string): HclBlock | undefined {
    for (const f of this.files) {
      const block = f.body.blocks.find((b) => b.type === 'variable' && b.labels[0] === name);
      if (block) return block;
    }
    return undefined;
  }

  private evaluate(file: TfFile, attribute: HclAttribute): RefResult {
    const key = `${file.path}:${attribute.start}`;
    if (this.evaluating.has(key)) return { unresolved: `${attribute.name} (refers to itself)` };
    this.evaluating.add(key);
    try {
      return { value: evaluateHclAt(file.text, attribute.start, this.context()).value };
    } catch (error) {
      if (error instanceof HclUnresolved) return { unresolved: error.expression };
      if (error instanceof HclSyntaxError) return { unresolved: `${file.display}:${error.line}: ${error.reason}` };
      throw error;
    } finally {
      this.evaluating.delete(key);
    }
  }

  context(): HclContext {
    return { reference: (name) => this.reference(name) };
  }

  reference(name: string): RefResult {
    const m = /^(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(name);
    if (!m) return { unresolved: `${name} (known only at plan or apply time)` };
    if (m[1] === 'local') {
      for (const f of this.files) {
        for (const block of f.body.blocks.filter((b) => b.type === 'locals')) {
          const attribute = block.attributes.find((a) => a.name === m[2]);
          if (attribute) return this.evaluate(f, attribute);
        }
      }
      return { unresolved: `${name} (no such local value)` };
    }
    const block = this.variable(m[2]!);
    if (!block) return { unresolved: `${name} (no variable block declares it)` };
    const typeAttr = block.attributes.find((a) => a.name === 'type');
    const owner = this.files.find((f) => f.body.blocks.includes(block))!;
    const typeText = typeAttr ? owner.text.slice(typeAttr.start, typeAttr.end) : undefined;
    for (const vars of this.tfvars) {
      const given = vars.body.attributes.find((a) => a.name === m[2]);
      if (!given) continue;
      const r = this.evaluate(vars, given);
      return 'value' in r ? convert(r.value, typeText) : r;
    }
    const fallback = block.attributes.find((a) => a.name === 'default');
    if (!fallback) return { unresolved: `${name} (no default and no terraform.tfvars value: it is given at plan time)` };
    const r = this.evaluate(owner, fallback);
    if ('value' in r && !this.noted.has(name)) {
      this.noted.add(name);
      this.notes.push({ file: owner.display, line: fallback.line, severity: 'info', message: `${name} read as its default; a plan may set another value.` });
    }
    return 'value' in r ? convert(r.value, typeText) : r;
  }
}

async function readTf(path: string, display: string): Promise<TfFile> {
  const text = await readFile(path, 'utf8');
  return { path, display, text, body: readHclBody(text) };
}

function attr(block: HclBlock, name: string): HclAttribute | undefined {
  return block.attributes.find((a) => a.name === name);
}

/** One `pattern`-like attribute → pattern, lines, unresolved parts. */
function readAttributePattern(file: TfFile, attribute: HclAttribute, scope: ModuleScope): Pick<IacRule, 'lines' | 'unresolved' | 'encoding'> & { pattern?: unknown; problem?: string } {
  const lines = new Map<string, number>();
  const coerced: Array<{ path: string; line: number; reason: string }> = [];
  const ctx: HclContext = { ...scope.context(), lines, coerced };
  let value: unknown;
  try {
    value = evaluateHclAt(file.text, attribute.start, ctx).value;
  } catch (error) {
    if (error instanceof HclUnresolved) {
      const unresolved: Unresolved = { at: error.path || '(pattern)', expression: error.expression, line: error.line };
      return { lines, unresolved: [unresolved], encoding: {} };
    }
    if (error instanceof HclSyntaxError) {
      return { lines, unresolved: [], encoding: {}, problem: `cannot read the expression: ${error.reason} (line ${error.line})` };
    }
    throw error;
  }
  if (typeof value !== 'string') return { lines, unresolved: [], encoding: {}, problem: 'event_pattern must be a string (use jsonencode)' };
  const heredoc = file.text.startsWith('<<', attribute.start);
  const read = readPatternText(value, attribute.line, heredoc);
  // jsonencode({...}) gave lines for each key: keep those over the one-line text.
  const keep = lines.size > 0 && !read.encoding.doubleEncoded ? lines : read.lines;
  return {
    ...(read.pattern !== undefined ? { pattern: read.pattern } : {}),
    lines: keep,
    unresolved: read.unresolved,
    encoding: { ...read.encoding, ...(coerced.length > 0 ? { coerced } : {}) },
    ...(read.problem ? { problem: read.problem } : {}),
  };
}

function literalAttribute(file: TfFile, attribute: HclAttribute | undefined, scope: ModuleScope): { value?: string; unresolved?: Unresolved } {
  if (!attribute) return {};
  try {
    const { value } = evaluateHclAt(file.text, attribute.start, scope.context());
    return value === null || value === undefined ? {} : { value: String(value) };
  } catch (error) {
    if (error instanceof HclUnresolved) return { unresolved: { at: attribute.name, expression: error.expression, line: error.line } };
    return { unresolved: { at: attribute.name, expression: file.text.slice(attribute.start, attribute.end).trim(), line: attribute.line } };
  }
}

/**
 * A module: the `.tf` files of one folder. Rules come from `only` when given
 * (`--rules main.tf`), from every file otherwise; variables and locals from all.
 */
export async function rulesFromTerraform(folder: string, displayFolder: string, only?: string): Promise<IacLoad> {
  const names = (await readdir(folder)).sort();
  const tfNames = names.filter((n) => n.endsWith('.tf'));
  const varNames = names.filter((n) => n === 'terraform.tfvars' || n.endsWith('.auto.tfvars'));
  const display = (n: string) => (displayFolder === '.' ? n : join(displayFolder, n));
  const files = await Promise.all(tfNames.map((n) => readTf(join(folder, n), display(n))));
  const tfvars = await Promise.all(varNames.map((n) => readTf(join(folder, n), display(n))));
  const notes: IacNote[] = [];
  const scope = new ModuleScope(files, tfvars, notes);
  const rules: IacRule[] = [];
  for (const file of files) {
    if (only !== undefined && basename(file.path) !== basename(only)) continue;
    const json = await checkSyntax(file);
    const resources = file.body.blocks.filter((b) => b.type === 'resource');
    const declared = Object.keys(((json.resource as Record<string, Record<string, unknown>> | undefined)?.aws_cloudwatch_event_rule) ?? {});
    for (const missed of declared.filter((n) => !resources.some((r) => r.labels[0] === 'aws_cloudwatch_event_rule' && r.labels[1] === n))) {
      notes.push({ file: file.display, line: 1, severity: 'warning', message: `aws_cloudwatch_event_rule.${missed}: found by Terraform's parser but not located; not checked.` });
    }
    const targets = files.flatMap((f) => f.body.blocks.filter((b) => b.type === 'resource' && b.labels[0] === 'aws_cloudwatch_event_target').map((b) => ({ f, b })));
    for (const block of resources) {
      const [type, name] = block.labels;
      const address = `${type}.${name}`;
      if (type === 'aws_cloudwatch_event_rule') {
        const pattern = attr(block, 'event_pattern');
        if (!pattern) {
          notes.push({ file: file.display, line: block.line, severity: 'info', message: `${address}: no event_pattern (a schedule rule?); skipped.` });
          continue;
        }
        const bus = literalAttribute(file, attr(block, 'event_bus_name'), scope);
        const state = literalAttribute(file, attr(block, 'state'), scope);
        const enabled = literalAttribute(file, attr(block, 'is_enabled'), scope);
        const description = literalAttribute(file, attr(block, 'description'), scope);
        const read = readAttributePattern(file, pattern, scope);
        const targetCount = targets.filter(({ f, b }) => {
          const rule = attr(b, 'rule');
          return rule !== undefined && new RegExp(`\\baws_cloudwatch_event_rule\\.${name}\\.(name|id)\\b`).test(f.text.slice(rule.start, rule.end));
        }).length;
        rules.push({
          name: address,
          location: { file: file.display, line: block.line, id: address, kind: 'terraform', patternLine: pattern.line },
          ...read,
          unresolved: [...read.unresolved, ...(bus.unresolved ? [bus.unresolved] : [])],
          ...(bus.value !== undefined ? { eventBusName: bus.value } : {}),
          ...(state.value !== undefined ? { state: state.value } : enabled.value === 'false' ? { state: 'DISABLED' } : {}),
          ...(description.value !== undefined ? { description: description.value } : {}),
          targets: targetCount,
        });
      } else if (type === 'aws_pipes_pipe') {
        const filters = block.blocks
          .filter((b) => b.type === 'source_parameters')
          .flatMap((b) => b.blocks.filter((c) => c.type === 'filter_criteria'))
          .flatMap((b) => b.blocks.filter((c) => c.type === 'filter'));
        filters.forEach((filter, i) => {
          const pattern = attr(filter, 'pattern');
          if (!pattern) return;
          const id = `${address}.filter[${i}]`;
          rules.push({ name: id, location: { file: file.display, line: filter.line, id, kind: 'terraform', patternLine: pattern.line }, ...readAttributePattern(file, pattern, scope), dialect: 'pipes' });
        });
      }
    }
  }
  return { kind: 'terraform', rules, notes };
}

export function terraformFolderOf(path: string): string {
  return dirname(path);
}
