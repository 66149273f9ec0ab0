import { join } from 'node:path';
import { writeFileAtomic } from '../report/atomic.js';
import { packageManifest } from '../package-dir.js';

/** The kernel name notebooks ask for (their `metadata.kernelspec.name`). */
export const KERNEL_NAME = 'gceb-tslab';
/** Project-local Jupyter data directory: nothing is registered globally. */
export const JUPYTER_DIR = '.jupyter';

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'signal';
  env: Record<string, string>;
}

/**
 * Jupyter starts a kernel in its notebook's folder: the runbook folder, whose
 * node_modules hold this package and tslab. The kernel is tslab, started by the
 * package's launcher (bin/tslab-kernel.cjs), which keeps tslab's file watching
 * from failing cells after one writes files. Paths are relative, so the
 * registration can be committed and works in every clone.
 */
export function kernelSpec(options: { node?: string } = {}): KernelSpec {
  return {
    argv: [options.node ?? 'node', `node_modules/${packageManifest().name}/bin/tslab-kernel.cjs`, 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (gceb)',
    language: 'typescript',
    interrupt_mode: 'signal',
    // The AWS SDK warns on stderr about Node 20 on its first use; in a notebook that
    // lands in a cell's output (and the runner treats stderr as a failure).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  };
}

/** The JUPYTER_PATH entry of a runbook folder. */
export function jupyterPath(folder: string): string {
  return join(folder, JUPYTER_DIR);
}

/** Writes `<folder>/.jupyter/kernels/gceb-tslab/kernel.json`; returns the JUPYTER_PATH to use. */
export async function installKernel(folder: string, options: { node?: string } = {}): Promise<{ jupyterPath: string; kernelFile: string }> {
  const kernelFile = join(jupyterPath(folder), 'kernels', KERNEL_NAME, 'kernel.json');
  await writeFileAtomic(kernelFile, JSON.stringify(kernelSpec(options), null, 2) + '\n');
  return { jupyterPath: jupyterPath(folder), kernelFile };
}
