// Where a rule's documentation lives: its page on the repository's main branch, derived from the id. (A
// link pinned to a release tag breaks for every build that is not a tagged release.)

export const REPOSITORY_URL = 'https://github.com/premortem-dev/premortem';

/** The branch every help link names; a test checks that each page it links exists in the tree. */
export const DOCS_BRANCH = 'main';

export function docUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/${DOCS_BRANCH}/rules/${ruleId}.md`;
}
