// Which scanned root module a plan was made from: the one that declares every resource, data source and
// module call of the plan's root module (the plan's `configuration` names them, without positions). A
// plan belongs to one root; one that matches none of them is an error, never a clean pass.
import { addressOf } from '../../../../rules/api';
import { readSourceFile, type SourceReader } from '../load-module';
import { PlanError } from './read-plan';
import type { PlanValues } from './plan-values';

export interface RootCandidate {
  readonly dir: string;
  readonly files: readonly string[];
}

/**
 * The index (into `candidates`) of the root the plan was made from; throws a PlanError when there is none.
 * `display` names a directory in messages.
 */
export function planRoot(
  values: PlanValues,
  candidates: readonly RootCandidate[],
  read: SourceReader,
  display: (dir: string) => string = (dir) => dir,
): number {
  const wanted = new Set([...values.root.resources, ...[...values.root.moduleCalls.keys()].map((name) => `module.${name}`)]);
  if (wanted.size === 0) {
    if (candidates.length === 1) return 0;
    throw new PlanError(
      `${values.file}: the plan's root module declares nothing, so it cannot be matched to one of the ${candidates.length} modules scanned; scan the directory it was made in`,
    );
  }
  let best: { index: number; extra: number } | undefined;
  let closest: { dir: string; missing: string[] } | undefined;
  candidates.forEach((candidate, index) => {
    const declared = declaredAddresses(candidate, read);
    const missing = [...wanted].filter((address) => !declared.has(address));
    if (missing.length > 0) {
      if (!closest || missing.length < closest.missing.length) closest = { dir: candidate.dir, missing };
      return;
    }
    const extra = declared.size - wanted.size;
    if (!best || extra < best.extra) best = { index, extra }; // the first of equals: candidates come roots first
  });
  if (best) return best.index;
  const scanned = candidates.length === 1 ? 'the module scanned' : `any of the ${candidates.length} modules scanned`;
  const hint = closest
    ? ` (${display(closest.dir)} lacks ${closest.missing.slice(0, 3).join(', ')}${closest.missing.length > 3 ? ` and ${closest.missing.length - 3} more` : ''})`
    : '';
  throw new PlanError(`${values.file}: the plan was not made from ${scanned}${hint}; scan the directory it was made in`);
}

function declaredAddresses(candidate: RootCandidate, read: SourceReader): Set<string> {
  const declared = new Set<string>();
  for (const file of candidate.files) {
    for (const block of readSourceFile(file, read)?.body.blocks ?? []) {
      if (block.type !== 'resource' && block.type !== 'data' && block.type !== 'module') continue;
      const address = addressOf(block);
      if (address !== undefined) declared.add(address);
    }
  }
  return declared;
}
