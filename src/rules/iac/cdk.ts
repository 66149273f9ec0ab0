/** AWS CDK cloud assemblies (`cdk.out`): the manifest's stacks and their synthesized templates, nested assemblies included. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { parseJsonText } from '../json-text.js';
import { parsePositioned } from './positioned.js';
import { rulesFromTemplate } from './cloudformation.js';
import type { IacLoad } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCdkManifest(data: unknown): boolean {
  return isObject(data) && isObject(data.artifacts) && typeof data.version === 'string';
}

/** Every stack template the manifest in `folder` names; rules are named `Stack/LogicalId`. */
export async function rulesFromCdkAssembly(folder: string, displayFolder: string, depth = 0): Promise<IacLoad> {
  const load: IacLoad = { kind: 'cdk', rules: [], notes: [] };
  const manifestPath = join(folder, 'manifest.json');
  const display = (name: string) => (displayFolder === '.' ? name : join(displayFolder, name));
  let manifest: unknown;
  try {
    manifest = parseJsonText(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new UserError(`${display('manifest.json')}: not a readable CDK cloud assembly manifest (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!isCdkManifest(manifest)) throw new UserError(`${display('manifest.json')}: not a CDK cloud assembly manifest (no "version" and "artifacts").`);
  for (const [artifactId, artifact] of Object.entries((manifest as { artifacts: Record<string, unknown> }).artifacts)) {
    if (!isObject(artifact) || !isObject(artifact.properties)) continue;
    if (artifact.type === 'aws:cloudformation:stack' && typeof artifact.properties.templateFile === 'string') {
      const templateFile = artifact.properties.templateFile;
      let text: string;
      try {
        text = await readFile(join(folder, templateFile), 'utf8');
      } catch {
        throw new UserError(`${display('manifest.json')}: stack ${artifactId} names ${templateFile}, which cannot be read.`, { hint: 'Run `cdk synth` again.' });
      }
      const file = display(templateFile);
      const root = parsePositioned(text);
      const stack = rulesFromTemplate(root, file, 'cdk', `${artifactId}/`);
      load.rules.push(...stack.rules);
      load.notes.push(...stack.notes);
    } else if (artifact.type === 'cdk:cloud-assembly' && typeof artifact.properties.directoryName === 'string' && depth < 5) {
      const nested = await rulesFromCdkAssembly(join(folder, artifact.properties.directoryName), display(artifact.properties.directoryName), depth + 1);
      load.rules.push(...nested.rules);
      load.notes.push(...nested.notes);
    }
  }
  return load;
}
