// `--output FILE`, checked before anything is scanned: a report must never overwrite the configuration it
// is about (a swapped argument, `--output main.tf`, would otherwise destroy it), and a path that cannot
// take a file gets one clear line instead of an error from the write at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { realPath } from '../../core/workspace-boundary';
import { UsageError } from '../options/usage-error';

/** Files premortem or Terraform read: never a report's destination. */
const CONFIGURATION_FILE = /(\.tf|\.tf\.json|\.tfvars|\.tfvars\.json|\.hcl|\.tofu|\.tofu\.json|\.tfbackend)$|^\.premortem\.json$/;

/** A name premortem or Terraform reads as configuration: nothing premortem writes may take it. */
export function isConfigurationName(name: string): boolean {
  return CONFIGURATION_FILE.test(name);
}

/** Throws a UsageError when the report cannot or must not be written to `output`. `inputs`: other files the command reads. */
export function checkOutputTarget(output: string | undefined, cwd: string, inputs: readonly string[] = []): void {
  if (output === undefined) return;
  const target = path.resolve(cwd, output);
  if (CONFIGURATION_FILE.test(path.basename(target))) {
    throw new UsageError(`--output ${output}: refusing to write the report over a configuration file; name a report file such as premortem.sarif`);
  }
  const real = realPath(target);
  if (real !== undefined && inputs.some((input) => realPath(path.resolve(cwd, input)) === real)) {
    throw new UsageError(`--output ${output}: refusing to write the report over a file this command reads`);
  }
  if (kindOf(target) === 'directory') throw new UsageError(`--output ${output} is a directory; name a file`);
  // Missing folders are made when the report is written (as ESLint does); a file in the way is a mistake.
  let ancestor = path.dirname(target);
  while (kindOf(ancestor) === 'missing' && path.dirname(ancestor) !== ancestor) ancestor = path.dirname(ancestor);
  if (kindOf(ancestor) === 'file') throw new UsageError(`--output ${output}: ${path.relative(cwd, ancestor) || ancestor} is not a directory`);
}

function kindOf(file: string): 'directory' | 'file' | 'missing' {
  try {
    return fs.statSync(file).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}
