// `premortem review [paths...]`: its declaration and its arguments.
import type { Severity } from '../../../../../rules/api';
import {
  BASELINE,
  CACHE,
  CACHE_LOCATION,
  cacheArguments,
  NEW_SINCE,
  onePlan,
  PLAN,
  REPORT_OPTIONS,
  reportArguments,
  VAR_FILE,
} from '../../options/common-options';
import type { CommandSpec } from '../../options/option-table';
import { parseOptions } from '../../options/parse-options';
import { UsageError } from '../../options/usage-error';

export const REVIEW_FORMATS = ['markdown', 'json'] as const;

export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

export const REVIEW_COMMAND = {
  name: 'review',
  usage: ['review [paths...] [--plan PLAN.json] [--new-since REV] [options]'],
  summary: 'One report for a pull request: new findings, what the plan deletes or replaces, blast radius, drift',
  description:
    "One report for a pull request: the new findings by severity, what the plan deletes or replaces, the blast radius of each change and the environments that disagree, with a hidden marker line so a bot can update its comment in place. It stays under GitHub's 65,536-character comment limit, and says where it is cut.",
  positionals: true,
  options: {
    format: { type: 'string', choices: REVIEW_FORMATS, choiceNoun: 'format', default: 'markdown', description: 'Output format' },
    plan: {
      ...PLAN,
      description: 'The plan, in JSON ("terraform show -json <planfile>", or - for standard input)',
      readme: "the plan's JSON (`terraform show -json`; `-` reads standard input): what it deletes or replaces, and each change's blast radius",
    },
    'new-since': {
      ...NEW_SINCE,
      description: "Only findings that git revision REV did not have (the pull request's base)",
      readme: "only the findings that git revision `REV` did not have (the pull request's base)",
    },
    baseline: { ...BASELINE, description: 'Only findings the baseline FILE lacks', readme: 'only the findings the baseline `FILE` lacks' },
    'link-base': {
      type: 'string',
      valueName: 'URL',
      description: "Link files to URL/<path from the repository's top>#L<line> (e.g. https://github.com/OWNER/REPO/blob/SHA)",
      readme: "link files to `URL/<path from the repository's top>#L<line>` (e.g. `https://github.com/OWNER/REPO/blob/SHA`)",
    },
    'var-file': VAR_FILE,
    ...REPORT_OPTIONS,
    cache: CACHE,
    'cache-location': CACHE_LOCATION,
  },
} as const satisfies CommandSpec;

export interface ReviewArguments {
  readonly command: 'review';
  readonly paths: string[];
  readonly format: ReviewFormat;
  readonly plan?: string;
  readonly newSince?: string;
  readonly baseline?: string;
  /** Where file links point: a prefix such as `https://github.com/OWNER/REPO/blob/SHA`, joined with the path from the repository's top. */
  readonly linkBase?: string;
  readonly output?: string;
  readonly failOn: Severity;
  readonly varFiles: string[];
  readonly inlineIgnores: boolean;
  readonly config?: string;
  readonly debug: boolean;
  /** --cache: the scan's trees come from the cache file while their inputs are unchanged (see scan). */
  readonly cache: boolean;
  readonly cacheLocation?: string;
}

/** `argv` are the words after `review`. */
export function parseReviewArguments(argv: readonly string[]): ReviewArguments {
  const { values, positionals, counts } = parseOptions(REVIEW_COMMAND, argv);
  onePlan(counts);
  const url = values['link-base'];
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw new UsageError(`--link-base takes an http(s) URL, not "${url}"`);
  return {
    command: 'review',
    paths: positionals.length > 0 ? positionals : ['.'],
    format: values.format,
    varFiles: values['var-file'],
    ...reportArguments(values),
    ...cacheArguments(values.cache, values['cache-location']),
    ...(values.plan !== undefined ? { plan: values.plan } : {}),
    ...(values['new-since'] !== undefined ? { newSince: values['new-since'] } : {}),
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    ...(url !== undefined ? { linkBase: url.replace(/\/+$/, '') } : {}),
  };
}
