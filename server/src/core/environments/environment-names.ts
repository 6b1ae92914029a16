// What counts as an environment's name: `prod`, `staging`, `dev`..., alone or as one part of a file or
// directory name (`prod-eu`, `eu-prod`, `terraform.prod`, `dev_config`). Shared by every layout.

/** Folders that hold per-environment var files beside a module's `.tf` files. */
export const ENVIRONMENT_FOLDERS: ReadonlySet<string> = new Set(['env', 'envs', 'environments']);

const ENVIRONMENT_WORDS: ReadonlySet<string> = new Set([
  'dev',
  'devel',
  'develop',
  'development',
  'test',
  'tst',
  'testing',
  'qa',
  'stage',
  'stg',
  'staging',
  'uat',
  'preprod',
  'nonprod',
  'prod',
  'prd',
  'production',
  'sandbox',
  'sbox',
  'perf',
  'performance',
  'demo',
  'int',
  'integration',
  'sit',
]);

/** Var files every environment loads alongside its own (`-var-file common.tfvars -var-file prod.tfvars`). */
const SHARED_WORDS: ReadonlySet<string> = new Set(['common', 'shared', 'base', 'global', 'globals', 'default', 'defaults', 'all']);

/** Parts that mark a var file as something other than an environment's values, even if it names one. */
const NOT_ENVIRONMENT_WORDS: ReadonlySet<string> = new Set([
  'backend',
  'secret',
  'secrets',
  'sensitive',
  'override',
  'overrides',
  'example',
  'sample',
  'template',
]);

function words(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[-_.\s]+/)
    .filter((w) => w.length > 0);
}

/** Whether a directory or file stem names an environment: `prod`, `prod-eu`, `eu-prod`, `pre-prod`, `dev_config`. */
export function isEnvironmentName(name: string): boolean {
  const parts = words(name);
  if (parts.some((w) => NOT_ENVIRONMENT_WORDS.has(w))) return false;
  for (let i = 0; i < parts.length; i++) {
    if (ENVIRONMENT_WORDS.has(parts[i]!)) return true;
    if ((parts[i] === 'pre' || parts[i] === 'non') && parts[i + 1] === 'prod') return true;
  }
  return false;
}

export function isVarFileName(name: string): boolean {
  return name.endsWith('.tfvars') || name.endsWith('.tfvars.json');
}

/** Var files Terraform loads by itself: terraform.tfvars(.json) and *.auto.tfvars(.json). */
export function isAutoLoadedVarFileName(name: string): boolean {
  return name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || /\.auto\.tfvars(\.json)?$/.test(name);
}

/** `prod.tfvars` → `prod`; `terraform.prod.tfvars.json` → `prod`. */
export function varFileStem(name: string): string {
  return name.replace(/\.tfvars(\.json)?$/, '').replace(/^terraform\./, '');
}

/** A var file named like `common.tfvars` or `shared.tfvars`: loaded in every environment. */
export function isSharedVarFileName(name: string): boolean {
  const parts = words(varFileStem(name));
  return parts.length > 0 && parts.every((w) => SHARED_WORDS.has(w) || w === 'vars' || w === 'variables' || w === 'config');
}

/** A var file whose name says it holds one environment's values (`prod.tfvars`, `eu-prod.tfvars`). */
export function isEnvironmentVarFileName(name: string): boolean {
  return isVarFileName(name) && !isAutoLoadedVarFileName(name) && isEnvironmentName(varFileStem(name));
}
