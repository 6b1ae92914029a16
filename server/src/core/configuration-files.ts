// Which files of a directory make up its module. Terraform reads `.tf` and `.tf.json`; OpenTofu reads
// those and `.tofu` and `.tofu.json`, and when `x.tofu` and `x.tf` sit in one directory it loads only
// `x.tofu` (likewise `x.tofu.json` over `x.tf.json`): "If both foo.tf and foo.tofu exist in the same
// directory, OpenTofu will only load foo.tofu and ignore foo.tf"
// (https://opentofu.org/docs/language/files/#extension-precedence; the same rule for JSON and for override
// files: https://opentofu.org/docs/language/files/override). premortem reads a module as OpenTofu does, so
// it reports on the file that is loaded; a module written for both keeps its Terraform variant in the
// `.tf` file, and Terraform never reads `.tofu` files.
import * as path from 'node:path';

const SUFFIXES = ['.tofu.json', '.tf.json', '.tofu', '.tf'] as const;

/** A configuration file's name: `.tf`, `.tf.json`, `.tofu` or `.tofu.json`. */
export function isConfigurationFileName(name: string): boolean {
  return SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** The `.tofu` variant that replaces a `.tf` or `.tf.json` file, or undefined for an OpenTofu file. */
export function tofuVariantOf(file: string): string | undefined {
  if (file.endsWith('.tf')) return `${file.slice(0, -'.tf'.length)}.tofu`;
  if (file.endsWith('.tf.json')) return `${file.slice(0, -'.tf.json'.length)}.tofu.json`;
  return undefined;
}

export interface LoadedFiles {
  /** The files OpenTofu loads, in the given order. */
  readonly loaded: string[];
  /** The `.tf` and `.tf.json` files a `.tofu` or `.tofu.json` file of the same name replaces. */
  readonly shadowed: string[];
}

/** Splits a directory's configuration files (paths or names) into those loaded and those a `.tofu` variant replaces. */
export function loadedConfigurationFiles(files: readonly string[]): LoadedFiles {
  const present = new Set(files);
  const loaded: string[] = [];
  const shadowed: string[] = [];
  for (const file of files) {
    const variant = tofuVariantOf(file);
    if (variant !== undefined && present.has(variant)) shadowed.push(file);
    else loaded.push(file);
  }
  return { loaded, shadowed };
}

/** The file that replaces a shadowed one, for messages: `main.tofu` for `main.tf`. */
export function shadowingFileName(file: string): string {
  return path.basename(tofuVariantOf(file) ?? file);
}
