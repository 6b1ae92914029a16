// Runs the real Terraform CLI against HCL text, offline: `terraform init -backend=false` with the AWS provider
// taken from a local mirror (-plugin-dir), then `terraform validate -json`. Tests use it to prove that
// example configurations and rule-doc snippets are accepted by Terraform and the provider schema.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TerraformTool {
  /** Absolute path of the terraform executable. */
  readonly terraform: string;
  /** The folder holding `registry.terraform.io/` (what `-plugin-dir` wants). */
  readonly pluginDir: string;
}

export interface ValidateResult {
  readonly valid: boolean;
  /** One line per diagnostic: `severity: summary: detail (file:line)`, init failures included. */
  readonly diagnostics: readonly string[];
}

const PROVIDER_PATH = path.join('registry.terraform.io', 'hashicorp', 'aws');
/** Places a mirror usually lives, tried before the slow file-system search. */
const LIKELY_PLUGIN_DIRS = [
  '/opt/tf-plugins',
  path.join(os.homedir(), '.terraform.d', 'plugins'),
  path.join(os.homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];
const INIT_TIMEOUT_MS = 120_000;
const VALIDATE_TIMEOUT_MS = 120_000;

let cached: TerraformTool | { readonly skip: string } | undefined;

/** Finds terraform on PATH and the AWS provider mirror: $PREMORTEM_TF_PLUGIN_DIR, else a search. Returns a reason string when either is absent. */
export function findTerraform(): TerraformTool | { readonly skip: string } {
  cached ??= locate();
  return cached;
}

function locate(): TerraformTool | { readonly skip: string } {
  const terraform = findOnPath(process.platform === 'win32' ? 'terraform.exe' : 'terraform');
  if (terraform === undefined) return { skip: 'terraform is not on PATH' };
  const fromEnv = process.env['PREMORTEM_TF_PLUGIN_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return hasAwsProvider(fromEnv) ? { terraform, pluginDir: fromEnv } : { skip: `PREMORTEM_TF_PLUGIN_DIR=${fromEnv} holds no ${PROVIDER_PATH}` };
  }
  const pluginDir = LIKELY_PLUGIN_DIRS.find(hasAwsProvider) ?? searchFileSystem();
  if (pluginDir === undefined) {
    return { skip: `no offline mirror of hashicorp/aws found (set PREMORTEM_TF_PLUGIN_DIR to the folder holding ${path.join('registry.terraform.io', '')})` };
  }
  return { terraform, pluginDir };
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** True when `dir/registry.terraform.io/hashicorp/aws` holds at least one version folder. */
function hasAwsProvider(dir: string): boolean {
  return hasProvider(dir, 'aws');
}

/** True when `dir/registry.terraform.io/hashicorp/<name>` holds at least one version folder. */
function hasProvider(dir: string, name: string): boolean {
  try {
    return fs.readdirSync(path.join(dir, 'registry.terraform.io', 'hashicorp', name)).length > 0;
  } catch {
    return false;
  }
}

/** Resource types Terraform itself provides (`terraform_data`), which need no provider. */
const BUILT_IN_PROVIDERS: ReadonlySet<string> = new Set(['terraform']);

/**
 * The providers a configuration's resources and data sources need, by local name: the resource type's first
 * word (`azurerm_key_vault` → `azurerm`), as Terraform infers it when no `provider` argument says otherwise.
 */
export function providersNeeded(files: Readonly<Record<string, string>>): string[] {
  const names = new Set<string>();
  for (const [name, text] of Object.entries(files)) {
    if (!/\.tf$/.test(name)) continue;
    for (const m of text.matchAll(/^\s*(?:resource|data)\s+"?([a-z0-9]+)_[a-z0-9_]+"?/gm)) if (!BUILT_IN_PROVIDERS.has(m[1]!)) names.add(m[1]!);
  }
  return [...names].sort();
}

/**
 * Why a configuration cannot be validated offline: the hashicorp providers it needs that the mirror lacks
 * (only the AWS provider is mirrored on most machines), or undefined when it can be.
 */
export function missingProviders(tool: TerraformTool, files: Readonly<Record<string, string>>): string | undefined {
  const missing = providersNeeded(files).filter((name) => !hasProvider(tool.pluginDir, name));
  if (missing.length === 0) return undefined;
  return `no offline mirror of ${missing.map((name) => `hashicorp/${name}`).join(', ')} in ${tool.pluginDir}`;
}

/** `find / -maxdepth 6 -path '*registry.terraform.io/hashicorp/aws'`: the plugin dir is two levels above the hit. */
function searchFileSystem(): string | undefined {
  if (process.platform === 'win32') return undefined;
  let output: string;
  try {
    output = execFileSync('find', ['/', '-maxdepth', '6', '-path', '*registry.terraform.io/hashicorp/aws', '-print', '-quit'], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // find exits non-zero on unreadable folders but still prints what it found.
    output = String((error as { stdout?: unknown }).stdout ?? '');
  }
  const hit = output.split('\n').find((line) => line.trim() !== '');
  if (hit === undefined) return undefined;
  const pluginDir = path.dirname(path.dirname(path.dirname(hit.trim())));
  return hasAwsProvider(pluginDir) ? pluginDir : undefined;
}

/** The environment Terraform runs with: non-interactive, no telemetry, no plugin cache, no injected arguments. */
function terraformEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'TF_PLUGIN_CACHE_DIR' || key === 'TF_DATA_DIR' || key.startsWith('TF_CLI_ARGS') || key.startsWith('TF_VAR_')) continue;
    if (key === 'TF_CLI_CONFIG_FILE' && value !== undefined && !fs.existsSync(value)) continue;
    env[key] = value;
  }
  env['TF_IN_AUTOMATION'] = '1';
  env['CHECKPOINT_DISABLE'] = '1';
  env['TF_INPUT'] = '0';
  env['TF_DATA_DIR'] = dataDir;
  return env;
}

interface ValidateJson {
  readonly valid?: boolean;
  readonly diagnostics?: readonly {
    readonly severity?: string;
    readonly summary?: string;
    readonly detail?: string;
    readonly range?: { readonly filename?: string; readonly start?: { readonly line?: number } };
  }[];
}

function describe(d: NonNullable<ValidateJson['diagnostics']>[number]): string {
  const where = d.range?.filename !== undefined ? ` (${d.range.filename}:${d.range.start?.line ?? '?'})` : '';
  const detail = d.detail ? `: ${d.detail.replace(/\s+/g, ' ').trim()}` : '';
  return `${d.severity ?? 'error'}: ${d.summary ?? '(no summary)'}${detail}${where}`;
}

/** stdout of a command that may exit non-zero (validate does on invalid configuration). */
function run(
  tool: TerraformTool,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeout: number,
): { ok: boolean; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(tool.terraform, args, { cwd, env, timeout, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, stdout, stderr: '' };
  } catch (error) {
    const e = error as { stdout?: unknown; stderr?: unknown; message?: string };
    return { ok: false, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? '') || String(e.message ?? error) };
  }
}

/** Copies the given files (name → content) into a fresh temp dir, runs `terraform init -backend=false -plugin-dir=...` and `terraform validate -json`, and returns { valid, diagnostics }. Cleans up. */
export function terraformValidate(tool: TerraformTool, files: Readonly<Record<string, string>>): ValidateResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-tf-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      const target = path.join(dir, name);
      if (path.relative(dir, target).startsWith('..') || path.isAbsolute(path.relative(dir, target))) {
        throw new Error(`file name escapes the work directory: ${name}`);
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    const env = terraformEnv(path.join(dir, '.terraform'));
    const init = run(tool, ['init', '-backend=false', `-plugin-dir=${tool.pluginDir}`, '-input=false', '-no-color'], dir, env, INIT_TIMEOUT_MS);
    if (!init.ok) {
      const lines = `${init.stderr}\n${init.stdout}`
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      return { valid: false, diagnostics: [`init failed: ${lines.join(' ')}`] };
    }
    const validate = run(tool, ['validate', '-json', '-no-color'], dir, env, VALIDATE_TIMEOUT_MS);
    let parsed: ValidateJson;
    try {
      parsed = JSON.parse(validate.stdout) as ValidateJson;
    } catch {
      return { valid: false, diagnostics: [`validate printed no JSON: ${validate.stderr.trim() || validate.stdout.trim()}`] };
    }
    return { valid: parsed.valid === true, diagnostics: (parsed.diagnostics ?? []).map(describe) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Validates many configurations with one `init` and one `validate`: each becomes a child module of a
 * generated root module, so the provider's schema is loaded once. Variables without a default are passed
 * `null`. Returns the error diagnostics of each configuration, by name (empty when valid).
 */
export function terraformValidateBatch(
  tool: TerraformTool,
  configurations: ReadonlyMap<string, Readonly<Record<string, string>>>,
  requiredVariables: (files: Readonly<Record<string, string>>) => readonly string[],
): Map<string, string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-tf-batch-'));
  const result = new Map<string, string[]>();
  try {
    const names = [...configurations.keys()];
    const calls: string[] = [];
    names.forEach((name, index) => {
      const folder = `c${index}`;
      for (const [file, content] of Object.entries(configurations.get(name)!)) {
        if (!/\.tf(\.json)?$/.test(file)) continue; // var files and backend configs are not part of a module
        fs.mkdirSync(path.join(dir, folder), { recursive: true });
        fs.writeFileSync(path.join(dir, folder, file), content);
      }
      const inputs = requiredVariables(configurations.get(name)!).map((v) => `  ${v} = null`);
      calls.push([`module "${folder}" {`, `  source = "./${folder}"`, ...inputs, '}'].join('\n'));
      result.set(name, []);
    });
    fs.writeFileSync(path.join(dir, 'main.tf'), calls.join('\n\n') + '\n');
    const env = terraformEnv(path.join(dir, '.terraform'));
    const init = run(tool, ['init', '-backend=false', `-plugin-dir=${tool.pluginDir}`, '-input=false', '-no-color'], dir, env, INIT_TIMEOUT_MS);
    if (!init.ok) {
      const message = `init failed: ${`${init.stderr}\n${init.stdout}`.replace(/\s+/g, ' ').trim()}`;
      for (const name of names) result.get(name)!.push(message);
      return result;
    }
    const validate = run(tool, ['validate', '-json', '-no-color'], dir, env, VALIDATE_TIMEOUT_MS);
    const parsed = JSON.parse(validate.stdout) as ValidateJson;
    for (const diagnostic of parsed.diagnostics ?? []) {
      if (diagnostic.severity !== 'error') continue;
      const folder = /^c(\d+)\//.exec(diagnostic.range?.filename ?? '');
      const owner = folder ? names[Number(folder[1])] : undefined;
      if (owner !== undefined) result.get(owner)!.push(describe(diagnostic));
      else for (const name of names) result.get(name)!.push(describe(diagnostic));
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
