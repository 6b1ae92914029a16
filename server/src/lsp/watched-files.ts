// Files changed on disk (the client watches *.tf, *.tf.json, *.tofu, *.tofu.json, *.tfvars, *.tfvars.json, *.hcl,
// .premortem.json and .premortem/rules/*.{yaml,yml,json}): a config or rule file change drops the config cache (and
// loads the rule files again) and lints everything shown again; a Terraform file change
// lints the trees its module is in again (and those that read it as another environment) if they are
// being edited or the workspace scan published them. Any other .hcl file (a root.hcl or env.hcl that
// Terragrunt environments include or read) lints the trees whose last lint read it.
import * as path from 'node:path';
import { FileChangeType, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../core/config/config-schema';
import { isTerragruntIncludeName } from '../core/environments/environment-files';
import type { ConfigStore } from './config-store';
import type { RuleFileStore } from './rule-files';
import { isPlacedRuleFile } from '../core/data-rules/find-rule-files';
import type { Scheduler } from './scheduler';
import { uriToPath } from './uris';
import { isTerraformFile } from './workspace-state';

export async function onWatchedFilesChanged(
  params: DidChangeWatchedFilesParams,
  configs: ConfigStore,
  scheduler: Scheduler,
  ruleFiles: RuleFileStore,
): Promise<void> {
  const files = params.changes.map((change) => uriToPath(change.uri)).filter((f): f is string => f !== undefined);
  const rulesChanged = files.some(isPlacedRuleFile);
  if (rulesChanged) ruleFiles.reload();
  if (rulesChanged || files.some((file) => path.basename(file) === CONFIG_FILE_NAME)) {
    configs.clear();
    await scheduler.relintAll();
    return;
  }
  await scheduler.filesChanged(files.filter((file) => isTerraformFile(path.basename(file)) || isTerragruntIncludeName(path.basename(file))));
}

/** The Terraform files the changes created (the workspace scan covers a new module with them). */
export function createdTerraformFiles(params: DidChangeWatchedFilesParams): string[] {
  return params.changes
    .filter((change) => change.type === FileChangeType.Created)
    .map((change) => uriToPath(change.uri))
    .filter((f): f is string => f !== undefined && isTerraformFile(path.basename(f)));
}
