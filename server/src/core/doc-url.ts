// Where a rule's documentation lives. Derived from the id and pinned to the release, so a finding
// always links to the text of the rule that produced it, even after the rule changes.

export const REPOSITORY_URL = 'https://github.com/premortem-dev/premortem';

export function docUrl(ruleId: string, version: string): string {
  return `${REPOSITORY_URL}/blob/v${version}/rules/${ruleId}.md`;
}
