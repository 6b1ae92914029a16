// Arguments of `premortem review [paths] [--plan FILE] [--new-since REV]`: one report for a pull request.
import type { Severity } from '../../../rules/api';
import {
  cacheArguments,
  commonArguments,
  defaultCommonOptions,
  isUnknownOption,
  readCacheOption,
  readCommonOption,
  readOptions,
  UsageError,
  type CacheOptions,
} from './option-reader';

export type ReviewFormat = 'markdown' | 'json';

const FORMATS: readonly ReviewFormat[] = ['markdown', 'json'];

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

export const REVIEW_USAGE = `Usage: premortem review [paths...] [--plan PLAN.json] [--new-since REV] [options]

  One report for a pull request: the new findings by severity, what the plan deletes or replaces, the blast
  radius of each change and the environments that disagree, with a hidden marker line so a bot can update
  its comment in place. It stays under GitHub's 65,536-character comment limit, and says where it is cut.
  --format markdown|json     Output format (default: markdown)
  --plan FILE                The plan, in JSON ("terraform show -json <planfile>")
  --new-since REV            Only findings that git revision REV did not have (the pull request's base)
  --baseline FILE            Only findings the baseline FILE lacks
  --link-base URL            Link files to URL/<path from the repository's top>#L<line>
                             (e.g. https://github.com/OWNER/REPO/blob/SHA)
  --output, --fail-on, --var-file, --config, --no-inline-ignores, --cache, --cache-location, --debug
                             as for scan
`;

export function parseReviewArguments(args: readonly string[]): ReviewArguments {
  const paths: string[] = [];
  const varFiles: string[] = [];
  const common = defaultCommonOptions();
  let format: ReviewFormat = 'markdown';
  let plan: string | undefined;
  let newSince: string | undefined;
  let baseline: string | undefined;
  let linkBase: string | undefined;
  const cacheOptions: CacheOptions = { cache: false };
  readOptions(args, (cursor) => {
    if (readCommonOption(cursor, common) || readCacheOption(cursor, cacheOptions)) return;
    const { flag, arg, value } = cursor;
    switch (flag) {
      case '--format': {
        const name = value();
        if (!FORMATS.includes(name as ReviewFormat)) throw new UsageError(`unknown format "${name}" for review; use one of ${FORMATS.join(', ')}`);
        format = name as ReviewFormat;
        break;
      }
      case '--plan':
        if (plan !== undefined) throw new UsageError('--plan takes one plan; a plan belongs to one root module');
        plan = value();
        break;
      case '--new-since':
        newSince = value();
        break;
      case '--baseline':
        baseline = value();
        break;
      case '--link-base': {
        const url = value();
        if (!/^https?:\/\/\S+$/.test(url)) throw new UsageError(`--link-base takes an http(s) URL, not "${url}"`);
        linkBase = url.replace(/\/+$/, '');
        break;
      }
      case '--var-file':
        varFiles.push(value());
        break;
      default:
        if (isUnknownOption(arg)) throw new UsageError(`unknown option "${arg}" for review; see premortem --help`);
        paths.push(arg);
    }
  });
  return {
    command: 'review',
    paths: paths.length > 0 ? paths : ['.'],
    format,
    varFiles,
    ...commonArguments(common),
    ...cacheArguments(cacheOptions),
    ...(plan !== undefined ? { plan } : {}),
    ...(newSince !== undefined ? { newSince } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
    ...(linkBase !== undefined ? { linkBase } : {}),
  };
}
