// Files changed on disk (the client watches *.tf, *.tf.json, *.tfvars, *.tfvars.json, terragrunt.hcl and .premortem.json):
// a config change drops the config cache and lints everything shown again; a Terraform file change
// lints its module again (and the modules that read it as another environment) if it is being edited or
// the workspace scan published to it.
import * as path from 'node:path';
import type { DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../core/config-schema';
import type { ConfigStore } from './config-store';
import type { Publisher } from './publisher';
import type { Scheduler } from './scheduler';
import { uriToPath } from './uris';
import { isTerraformFile, type WorkspaceState } from './workspace-state';

export async function onWatchedFilesChanged(
  params: DidChangeWatchedFilesParams,
  state: WorkspaceState,
  configs: ConfigStore,
  publisher: Publisher,
  scheduler: Scheduler,
): Promise<void> {
  const files = params.changes.map((change) => uriToPath(change.uri)).filter((f): f is string => f !== undefined);
  if (files.some((file) => path.basename(file) === CONFIG_FILE_NAME)) {
    configs.clear();
    await scheduler.relintAll();
    return;
  }
  const changed = files.filter((file) => isTerraformFile(path.basename(file)));
  const dirs = new Set(changed.map((file) => state.moduleDirOf(file)));
  for (const file of changed) for (const dir of scheduler.dependentModules(file)) dirs.add(dir);
  for (const dir of dirs) {
    if (state.hasOpenIn(dir) || publisher.scanOwns(dir)) await scheduler.lint(dir);
  }
}
