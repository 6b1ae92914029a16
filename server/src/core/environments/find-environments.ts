// A module's environments, from every layout: the project config's (which replaces the var files found
// beside the module), var files beside the module, Terragrunt directories, and callers of the same local
// module. The result backs `Module.environments`.
import type { EnvironmentGroup } from '../../../../rules/api';
import { Evaluator } from '../evaluate';
import type { ModuleIndex } from '../module';
import { configEnvironments, configuredEntryFor } from './config-environments';
import type { EnvironmentHost } from './environment-host';
import { moduleCallEnvironments } from './module-call-environments';
import { terragruntEnvironments } from './terragrunt-environments';
import { varFileEnvironments } from './var-file-environments';

export function findEnvironments(module: ModuleIndex, host: EnvironmentHost): EnvironmentGroup[] {
  const groups: (EnvironmentGroup | undefined)[] = [];
  if (module.files.length > 0) {
    const configured = configuredEntryFor(module.dir, host);
    groups.push(configured ? configEnvironments(module, configured, host) : varFileEnvironments(module, host));
  }
  if (module.terragrunt) groups.push(terragruntEnvironments(module, module.terragrunt, host));
  if (module.moduleCalls.size > 0) groups.push(...moduleCallEnvironments(module, host, new Evaluator(module)));
  return groups.filter((g): g is EnvironmentGroup => g !== undefined && g.environments.length >= 2);
}
