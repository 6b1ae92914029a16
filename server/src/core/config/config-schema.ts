// The JSON Schema of `.premortem.json`: what the loader validates against, and what editors use for
// completion and hover. It is built from the rule list, so every rule id and its options are known.
import type { JsonSchema, RuleMeta } from '../../../../rules/api';
import type { SchemaDocument } from './json-schema';

export const CONFIG_FILE_NAME = '.premortem.json';

/** What a rule can be set to: `on` keeps its default severity, the others override it. */
export const RULE_LEVELS = ['off', 'on', 'error', 'warning', 'info'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/**
 * CloudFront `path_pattern`s that serve static assets (scripts, styles, source maps, images, fonts,
 * WebAssembly) by extension, and the usual build-output and asset directories by prefix.
 */
export const DEFAULT_STATIC_ASSET_PATTERNS: readonly string[] = [
  '*.js',
  '*.mjs',
  '*.css',
  '*.map',
  '*.png',
  '*.jpg',
  '*.jpeg',
  '*.gif',
  '*.svg',
  '*.webp',
  '*.avif',
  '*.ico',
  '*.woff',
  '*.woff2',
  '*.ttf',
  '*.eot',
  '*.wasm',
  '/static/*',
  '/assets/*',
  '/_next/static/*',
  '/dist/*',
  '/build/*',
  '/js/*',
  '/css/*',
  '/fonts/*',
  '/img/*',
  '/images/*',
];

export interface ConfigSchema extends SchemaDocument {
  readonly $schema: string;
  readonly title: string;
}

export function buildConfigSchema(rules: readonly RuleMeta[]): ConfigSchema {
  const ruleProperties: { [id: string]: JsonSchema } = {};
  for (const meta of [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    ruleProperties[meta.id] = ruleSettingSchema(meta);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'premortem project configuration',
    description:
      'Configuration of the premortem Terraform linter, read by the CLI and the editor alike from the nearest ' +
      `${CONFIG_FILE_NAME} in the directory being linted or any of its parents.`,
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema of this file, for editors.' },
      rules: {
        type: 'object',
        description:
          'Rule settings by rule id. Rules not listed here run if they are recommended. A rule is set either ' +
          'to a level ("off", "on", "error", "warning", "info") or to an object { "severity": level, "options": {…} }.',
        additionalProperties: false,
        properties: ruleProperties,
      },
      exclude: {
        type: 'array',
        description:
          'Glob patterns of files and directories not to lint, relative to the directory of this file, with ' +
          'forward slashes. A pattern that matches a directory excludes everything inside it, so "examples" and ' +
          '"examples/**" both skip the top-level examples directory; "**/fixtures" skips one at any depth. ' +
          '.terraform, .terragrunt-cache, .git and node_modules are always skipped.',
        items: { type: 'string', minLength: 1 },
        default: [],
      },
      staticAssetPatterns: {
        type: 'array',
        description:
          'CloudFront path_pattern values (with * and ? wildcards) whose cache behaviors serve static assets, ' +
          'which never need cookies. Replaces the default list when set.',
        items: { type: 'string', minLength: 1 },
        default: DEFAULT_STATIC_ASSET_PATTERNS,
      },
      environments: {
        type: 'array',
        description:
          'Environments named explicitly, for layouts premortem does not recognise by itself (var files kept ' +
          'away from the module, such as environments/prod/prod.tfvars applied to every component). Each entry ' +
          'gives the var files of each environment to the modules it matches, replacing the var-file ' +
          'environments found beside those modules. The env-variable-drift rule and premortem drift compare them.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['modules', 'varFiles'],
          properties: {
            modules: {
              type: 'array',
              description: 'Glob patterns of module directories, relative to the directory of this file, with forward slashes ("components/*").',
              items: { type: 'string', minLength: 1 },
            },
            varFiles: {
              type: 'object',
              description:
                'Var files per environment name, relative to the directory of this file, in the order Terraform ' +
                'loads them (later files win). "{module}" stands for the name of the module directory: ' +
                '{ "prod": ["vars/prod/common.tfvars", "vars/prod/{module}.tfvars"] }.',
              additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
            },
          },
        },
        default: [],
      },
      inlineIgnores: {
        type: 'boolean',
        description: 'Whether "# premortem-ignore: <rule-id> -- reason" comments suppress findings. Set to false to ' + 'audit every suppression.',
        default: true,
      },
    },
    definitions: {
      ruleLevel: {
        type: 'string',
        enum: RULE_LEVELS,
        description: '"off" disables the rule, "on" enables it with its default severity, "error", "warning" or "info" ' + 'enable it with that severity.',
      },
    },
  };
}

function ruleSettingSchema(meta: RuleMeta): JsonSchema {
  const level: JsonSchema = { $ref: '#/definitions/ruleLevel' };
  const properties: { [name: string]: JsonSchema } = { severity: level };
  // Option schemas are embedded whole, so they must not use `$ref`s of their own.
  if (meta.options !== undefined) properties['options'] = optionsSchema(meta.options.schema, meta.options.defaults);
  return {
    description: ruleDescription(meta),
    oneOf: [
      level,
      {
        type: 'object',
        description: 'The rule with a severity (default "on") and options.',
        additionalProperties: false,
        properties,
      },
    ],
  };
}

function optionsSchema(schema: JsonSchema, defaults: object): JsonSchema {
  // Defaults fill every option the user leaves out, so no option is required in the file.
  const { required: _required, ...rest } = schema;
  return { ...rest, default: defaults };
}

function ruleDescription(meta: RuleMeta): string {
  const defaults = `Default: ${meta.recommended ? 'on' : 'off'}, severity ${meta.severity}.`;
  const deprecation = meta.deprecated ? ` Deprecated${meta.replacedBy?.length ? `: use ${meta.replacedBy.join(', ')} instead` : ''}.` : '';
  return `${meta.title}. ${meta.description} ${defaults}${deprecation}`;
}
