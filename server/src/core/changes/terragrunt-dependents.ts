// Which Terragrunt units a change reaches without touching their own folder: a unit's configuration is also
// the files it includes (root.hcl, _envcommon/app.hcl), the configurations it reads
// (read_terragrunt_config) and the var files it passes (extra_arguments, read_tfvars_file). A change to
// root.hcl changes every unit that includes it, so `scan --new-since` and `scan --staged` lint those units,
// and the units they are compared with as environments of one module (live/prod/app beside live/stage/app).
import * as path from 'node:path';
import type { SourceFile } from '../../../../rules/api';
import { isTerragruntIncludeName, type DirectoryLister } from '../environments/environment-files';
import { isVarFileName } from '../environments/environment-names';
import { environmentSearchRoot, siblingEnvironments } from '../environments/sibling-environments';
import { resolveTerragrunt } from '../terragrunt/terragrunt-config';

export interface TerragruntUnit {
  /** The unit's directory and its terragrunt.hcl (or terragrunt.hcl.json). */
  readonly dir: string;
  readonly terragrunt: string;
  /** The scanned path it was found under: environment searches stop at its repository. */
  readonly root: string;
}

/** Whether a changed file can be part of a unit's configuration without being its own terragrunt.hcl. */
function mayBeRead(file: string): boolean {
  const name = path.basename(file);
  return isTerragruntIncludeName(name) || isVarFileName(name);
}

/**
 * The units (by index) that read one of the changed files, or that are an environment beside a unit with a
 * changed configuration (`changedUnits`, the units that hold changed files). Where a unit reads a file whose
 * path is not known (`read_tfvars_file("${get_env("ENV")}.tfvars")`), any changed file of that kind counts:
 * linting a unit too many costs time, one too few hides a finding.
 */
export function terragruntDependents(
  units: readonly TerragruntUnit[],
  changedFiles: readonly string[],
  changedUnits: ReadonlySet<number>,
  load: (file: string) => SourceFile | undefined,
  list: DirectoryLister,
): Set<number> {
  const read = changedFiles.filter(mayBeRead);
  const reached = new Set<number>();
  if (read.length === 0 && changedUnits.size === 0) return reached;
  const changed = new Set(read);
  const changedConfig = read.some((file) => isTerragruntIncludeName(path.basename(file)));
  const changedVars = read.some((file) => isVarFileName(path.basename(file)));
  const inside = new Map<string, boolean>();
  if (read.length > 0) {
    units.forEach((unit, index) => {
      const file = load(unit.terragrunt);
      if (!file) return;
      const boundary = environmentSearchRoot(unit.dir, unit.root, list);
      const { reads } = resolveTerragrunt(file, { list, load, boundary, insideCache: inside, allReads: true });
      const hit = [...reads.files].some((f) => changed.has(f)) || (changedConfig && reads.unknown.has('config')) || (changedVars && reads.unknown.has('vars'));
      if (hit) reached.add(index);
    });
  }
  // The environments of one module are compared with each other: a unit whose values changed may make its
  // sibling the odd one out, and that finding is the sibling's.
  const byDir = new Map(units.map((unit, index) => [unit.dir, index]));
  for (const index of [...reached, ...changedUnits]) {
    const unit = units[index];
    if (!unit) continue;
    const siblings = siblingEnvironments(unit.dir, { list, load, root: environmentSearchRoot(unit.dir, unit.root, list) });
    for (const other of siblings?.others ?? []) {
      const sibling = byDir.get(other.dir);
      if (sibling !== undefined) reached.add(sibling);
    }
  }
  return reached;
}
