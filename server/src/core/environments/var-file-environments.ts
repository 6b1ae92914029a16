// Environments made of var files, found beside the module: files named after environments in its own
// directory (`prod.tfvars`, `eu-prod.tfvars`, `terraform.prod.tfvars`), every var file of its environment
// folders (`envs/prod.tfvars`), and environment directories (`envs/prod/*.tfvars`, `prod/*.tfvars`).
// Files named like `common.tfvars` beside them, and the var files Terraform loads by itself, are loaded in
// every environment. A file is taken only if the module declares at least half of its keys: a var file
// for some other module (or a backend config file) is not one of this module's environments.
import * as path from 'node:path';
import type { Environment, EnvironmentEntry, EnvironmentGroup, SourceFile } from '../../../../rules/api';
import type { ModuleIndex } from '../module';
import { byName, firstLine, makeEnvironment, varFileEntries } from './environment-entries';
import { environmentDirectories, environmentFolders } from './environment-files';
import type { EnvironmentHost } from './environment-host';
import { isAutoLoadedVarFileName, isEnvironmentVarFileName, isSharedVarFileName, isVarFileName, varFileStem } from './environment-names';

interface Candidate {
  /** Relative to the module, without the extension: tells apart two environments of the same name. */
  readonly path: string;
  readonly name: string;
  readonly files: readonly string[];
}

function varFiles(dir: string, host: EnvironmentHost): string[] {
  return (host.list(dir) ?? []).filter((e) => !e.directory && isVarFileName(e.name) && !isAutoLoadedVarFileName(e.name)).map((e) => path.join(dir, e.name));
}

/** Shared files first (in name order), then the environment's own. */
function environmentOrder(files: readonly string[]): string[] {
  const shared = files.filter((f) => isSharedVarFileName(path.basename(f)));
  return [...shared, ...files.filter((f) => !shared.includes(f))];
}

/** A module's variables, or undefined when a file of it does not parse (a declaration may be hidden in it). */
export function declaredVariables(module: ModuleIndex): ModuleIndex['variables'] | undefined {
  return module.files.some((f) => f.errors.length > 0) ? undefined : module.variables;
}

/** The values of the var files Terraform loads by itself in the module's directory: the same in every environment. */
export function autoLoadedEntries(module: ModuleIndex): EnvironmentEntry[] {
  return module.varFiles
    .filter((f) => path.dirname(f.path) === module.dir && isAutoLoadedVarFileName(path.basename(f.path)))
    .flatMap((file) => varFileEntries(file, { inherited: true, outsideModule: false }));
}

export function varFileEnvironments(module: ModuleIndex, host: EnvironmentHost): EnvironmentGroup | undefined {
  const dir = module.dir;
  const candidates: Candidate[] = [];
  const sharedFiles: string[] = [];
  const relative = (file: string): string =>
    path
      .relative(dir, file)
      .split(path.sep)
      .join('/')
      .replace(/\.tfvars(\.json)?$/, '');

  for (const file of varFiles(dir, host)) {
    const name = path.basename(file);
    if (isSharedVarFileName(name)) sharedFiles.push(file);
    else if (isEnvironmentVarFileName(name)) candidates.push({ path: relative(file), name: varFileStem(name), files: [file] });
  }
  for (const folder of environmentFolders(dir, host.list)) {
    const folderDir = path.join(dir, folder);
    for (const file of varFiles(folderDir, host)) {
      const name = path.basename(file);
      if (isSharedVarFileName(name)) sharedFiles.push(file);
      else candidates.push({ path: relative(file), name: varFileStem(name), files: [file] });
    }
    for (const sub of environmentDirectories(folderDir, host.list, true)) {
      const files = varFiles(path.join(folderDir, sub), host);
      if (files.length > 0) candidates.push({ path: relative(path.join(folderDir, sub)), name: sub, files: environmentOrder(files) });
    }
  }
  for (const sub of environmentDirectories(dir, host.list)) {
    const files = varFiles(path.join(dir, sub), host);
    if (files.length > 0) candidates.push({ path: sub, name: sub, files: environmentOrder(files) });
  }
  if (candidates.length < 2) return undefined;

  const declaresMostKeys = (file: SourceFile): boolean => {
    const keys = file.body.attributes.map((a) => a.name);
    return keys.filter((k) => module.variables.has(k)).length * 2 >= keys.length;
  };
  const loadEligible = (files: readonly string[]): SourceFile[] =>
    files.map((f) => host.load(f)).filter((f): f is SourceFile => f !== undefined && declaresMostKeys(f));

  // Loaded in every environment: Terraform's own var files (lowest precedence), then the shared ones.
  const inherited: EnvironmentEntry[] = [
    ...autoLoadedEntries(module),
    ...loadEligible(sharedFiles).flatMap((file) => varFileEntries(file, { inherited: true, outsideModule: false })),
  ];

  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const environments: Environment[] = [];
  for (const candidate of candidates) {
    const eligible = loadEligible(candidate.files);
    // An environment directory's files that set nothing (`# Variables for the x workspace`) say nothing.
    const setting = eligible.filter((f) => f.body.attributes.length > 0);
    const files = setting.length > 0 ? setting : eligible.slice(0, 1);
    if (files.length === 0) continue;
    const own = files.flatMap((file) => varFileEntries(file, { inherited: false, outsideModule: false }));
    const name = counts.get(candidate.name)! > 1 ? candidate.path : candidate.name;
    environments.push(makeEnvironment(name, 'var-file', files, [...inherited, ...own], firstLine(files[files.length - 1]!)));
  }
  if (environments.length < 2) return undefined;
  return { kind: 'var-file', target: dir, variables: declaredVariables(module), environments: environments.sort(byName) };
}
