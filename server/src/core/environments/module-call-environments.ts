// Environments that call the same local module with different arguments: sibling environment directories
// (`envs/prod/main.tf` and `envs/staging/main.tf` both calling `../../modules/app`), or calls within this
// module labelled after environments (`module "prod"` and `module "staging"` with one source). Arguments
// are evaluated in each caller's own context, with the var files Terraform loads there.
import * as path from 'node:path';
import type { Block, Environment, EnvironmentGroup, SourceFile } from '../../../../rules/api';
import { Evaluator } from '../evaluate';
import { buildModule, type ModuleIndex } from '../module';
import { byName, makeEnvironment, moduleCallEntries } from './environment-entries';
import { loadedConfigurationFiles } from '../configuration-files';
import { isConfigurationFileName } from './environment-files';
import type { EnvironmentHost } from './environment-host';
import { isAutoLoadedVarFileName, isEnvironmentName } from './environment-names';
import { siblingEnvironments } from './sibling-environments';

/** The directory a module call's literal local source (`./x`, `../x`) points to, else undefined. */
export function localSource(call: Block, fromDir: string): string | undefined {
  const source = call.body.attributes.find((a) => a.name === 'source')?.expr;
  if (source?.kind !== 'literal' || typeof source.value !== 'string') return undefined;
  if (!/^\.\.?[/\\]/.test(source.value)) return undefined;
  return path.resolve(fromDir, source.value);
}

/** The configuration files of a directory (as OpenTofu loads them) and the var files Terraform loads there, as a module; undefined without configuration. */
export function loadDirectoryModule(dir: string, host: EnvironmentHost): ModuleIndex | undefined {
  const entries = host.list(dir);
  if (!entries) return undefined;
  const load = (names: string[]): SourceFile[] => names.map((n) => host.load(path.join(dir, n))).filter((f): f is SourceFile => f !== undefined);
  const files = load(loadedConfigurationFiles(entries.filter((e) => !e.directory && isConfigurationFileName(e.name)).map((e) => e.name)).loaded);
  if (files.length === 0) return undefined;
  const auto = entries.filter((e) => !e.directory && isAutoLoadedVarFileName(e.name)).map((e) => e.name);
  const main = auto.filter((n) => n.startsWith('terraform.'));
  return buildModule(dir, files, load([...main, ...auto.filter((n) => !main.includes(n))]));
}

function callsTo(module: ModuleIndex, callee: string): Block[] {
  return [...module.moduleCalls.values()].filter((call) => localSource(call, module.dir) === callee);
}

export function moduleCallEnvironments(module: ModuleIndex, host: EnvironmentHost, evaluator: Evaluator): EnvironmentGroup[] {
  const byCallee = new Map<string, Block[]>();
  for (const call of module.moduleCalls.values()) {
    const callee = localSource(call, module.dir);
    if (callee !== undefined && callee !== module.dir) byCallee.set(callee, [...(byCallee.get(callee) ?? []), call]);
  }
  if (byCallee.size === 0) return [];
  const targets = new Map<string, ModuleIndex | undefined>();
  const target = (callee: string): ModuleIndex | undefined => {
    if (!targets.has(callee)) targets.set(callee, loadDirectoryModule(callee, host));
    const loaded = targets.get(callee);
    // A file that does not parse may hide a declaration: then the called module's variables are not known.
    return loaded?.files.some((f) => f.errors.length > 0) ? undefined : loaded;
  };
  const resources = (callee: string): { resources?: readonly Block[] } => {
    target(callee);
    const loaded = targets.get(callee);
    return loaded ? { resources: loaded.resources } : {};
  };
  const groups: EnvironmentGroup[] = [];

  // Calls in this module labelled after environments.
  for (const [callee, calls] of byCallee) {
    const labelled = calls.filter((call) => isEnvironmentName(call.labels[0] ?? ''));
    if (labelled.length < 2) continue;
    const environments = labelled.map((call) =>
      makeEnvironment(call.labels[0]!, 'module-call', [module.file(call.file)!], moduleCallEntries(call, evaluator), call),
    );
    groups.push({ kind: 'module-call', target: callee, variables: target(callee)?.variables, ...resources(callee), environments: environments.sort(byName) });
  }

  // The same module called from the corresponding directory of the other environments.
  const siblings = siblingEnvironments(module.dir, host);
  if (!siblings) return groups;
  const callers = new Map<string, { module: ModuleIndex; evaluator: Evaluator } | undefined>();
  const caller = (dir: string) => {
    if (!callers.has(dir)) {
      const loaded = loadDirectoryModule(dir, host);
      callers.set(dir, loaded && { module: loaded, evaluator: new Evaluator(loaded) });
    }
    return callers.get(dir);
  };
  for (const [callee, calls] of byCallee) {
    for (const call of calls) {
      const label = call.labels[0];
      const environments: Environment[] = [];
      for (const other of siblings.others) {
        const found = caller(other.dir);
        if (!found) continue;
        const candidates = callsTo(found.module, callee);
        // Paired by label; a differently labelled call only when it is the one call to the module on both sides.
        const match = candidates.find((c) => c.labels[0] === label) ?? (candidates.length === 1 && calls.length === 1 ? candidates[0] : undefined);
        if (!match) continue;
        environments.push(
          makeEnvironment(other.name, 'module-call', [found.module.file(match.file)!], moduleCallEntries(match, found.evaluator), match, { own: false }),
        );
      }
      if (environments.length === 0) continue;
      environments.push(makeEnvironment(siblings.name, 'module-call', [module.file(call.file)!], moduleCallEntries(call, evaluator), call));
      groups.push({ kind: 'module-call', target: callee, variables: target(callee)?.variables, ...resources(callee), environments: environments.sort(byName) });
    }
  }
  return groups;
}
