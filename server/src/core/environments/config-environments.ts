// Environments named in `.premortem.json`: var files per environment for the modules that match a glob.
// When an entry matches a module, it replaces the var-file environments found by looking around it.
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import type { Environment, EnvironmentGroup, SourceFile } from '../../../../rules/api';
import type { ModuleIndex } from '../module';
import { byName, firstLine, makeEnvironment, varFileEntries } from './environment-entries';
import type { ConfiguredEnvironments, EnvironmentHost } from './environment-host';
import { autoLoadedEntries, declaredVariables } from './var-file-environments';

const matchers = new Map<string, Minimatch>();

function matches(pattern: string, relative: string): boolean {
  let matcher = matchers.get(pattern);
  if (!matcher)
    matchers.set(pattern, (matcher = new Minimatch(pattern.replace(/^(\.\/)+/, '').replace(/\/+$/, ''), { dot: true, nonegate: true, nocomment: true })));
  return matcher.match(relative);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The config entry for a module directory, if one matches it. */
export function configuredEntryFor(dir: string, host: EnvironmentHost): ConfiguredEnvironments | undefined {
  const configured = host.configured;
  if (!configured) return undefined;
  const relative = path.relative(configured.baseDir, dir).split(path.sep).join('/') || '.';
  return configured.entries.find((entry) => entry.modules.some((pattern) => matches(pattern, relative)));
}

export function configEnvironments(module: ModuleIndex, entry: ConfiguredEnvironments, host: EnvironmentHost): EnvironmentGroup | undefined {
  const baseDir = host.configured!.baseDir;
  const moduleName = path.basename(module.dir);
  const inherited = autoLoadedEntries(module);
  const environments: Environment[] = [];
  for (const [name, patterns] of Object.entries(entry.varFiles)) {
    const files = patterns
      .map((p) => path.resolve(baseDir, p.split('{module}').join(moduleName)))
      .map((f) => host.load(f))
      .filter((f): f is SourceFile => f !== undefined);
    if (files.length === 0) continue;
    const entries = files.flatMap((file) => varFileEntries(file, { inherited: false, outsideModule: !isInside(file.path, module.dir) }));
    environments.push(makeEnvironment(name, 'config', files, [...inherited, ...entries], firstLine(files[files.length - 1]!)));
  }
  if (environments.length < 2) return undefined;
  return { kind: 'config', target: module.dir, variables: declaredVariables(module), environments: environments.sort(byName) };
}
