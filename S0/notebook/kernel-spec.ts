import { join } from 'node:path';
import { writeFileAtomic } from '../report/atomic.js';

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
 * tslab resolves imports against its working directory and refuses files
 * outside it, while Jupyter starts kernels in the notebook's folder: so the
 * kernel first moves to the repository root, refreshes the notebook library
 * bundle (a failed build keeps the previous one and still starts the kernel)
 * and then replaces itself with tslab.
 */
export function kernelSpec(root: string, nodePath: string): KernelSpec {
  const script =
    'cd "$1" || exit 1; "$2" --import tsx scripts/kernel.ts --build-only >&2; ' +
    'exec "$2" node_modules/tslab/bin/tslab kernel --config-path "$0"';
  return {
    argv: ['/bin/sh', '-c', script, '{connection_file}', root, nodePath],
    display_name: 'TypeScript (gceb)',
    language: 'typescript',
    interrupt_mode: 'signal',
    // The AWS SDK warns on stderr about Node 20 on its first use; in a notebook that
    // lands in a cell's output (and the runner treats stderr as a failure).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  };
}

export function jupyterPath(root: string): string {
  return join(root, JUPYTER_DIR);
}

/** Writes `<root>/.jupyter/kernels/gceb-tslab/kernel.json`; returns the JUPYTER_PATH to use. */
export async function installKernel(root: string, nodePath: string): Promise<{ jupyterPath: string; kernelFile: string }> {
  const kernelFile = join(jupyterPath(root), 'kernels', KERNEL_NAME, 'kernel.json');
  await writeFileAtomic(kernelFile, JSON.stringify(kernelSpec(root, nodePath), null, 2) + '\n');
  return { jupyterPath: jupyterPath(root), kernelFile };
}
