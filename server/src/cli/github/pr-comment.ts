// One pull-request comment that premortem keeps up to date: the first comment of the pull request that
// carries the marker is edited in place (PATCH), else a new one is posted. GitHub's REST API through
// Node's own fetch, so the action needs no dependency.

export interface CommentTarget {
  /** `GITHUB_API_URL`: https://api.github.com, or a GitHub Enterprise Server's `/api/v3`. */
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  /** The pull request's number (its issue number). */
  readonly issue: number;
  readonly token: string;
}

export type CommentOutcome =
  | { readonly kind: 'created' | 'updated'; readonly id: number; readonly url?: string }
  /** The token may not write here: a pull request from a fork gets a read-only token. */
  | { readonly kind: 'forbidden'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** How many pages of 100 comments are searched for the marker before a new comment is posted. */
const MAX_PAGES = 50;

interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly html_url?: string;
}

class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** GitHub answers 403 also when the rate limit is spent; that is not a read-only token. */
    readonly rateLimited: boolean,
  ) {
    super(message);
  }
}

export async function upsertComment(target: CommentTarget, body: string, marker: string): Promise<CommentOutcome> {
  if (!/^[\w.-]+\/[\w.-]+$/.test(target.repository)) return { kind: 'failed', message: `GITHUB_REPOSITORY is not owner/name: "${target.repository}"` };
  const api = target.apiUrl.replace(/\/+$/, '');
  const repo = `${api}/repos/${target.repository}`;
  let existing: IssueComment | undefined;
  try {
    existing = await findComment(target, `${repo}/issues/${target.issue}/comments?per_page=100`, marker);
  } catch (error) {
    return { kind: 'failed', message: `cannot list the comments of pull request #${target.issue}: ${describe(error)}` };
  }
  try {
    const response = existing
      ? await call(target, 'PATCH', `${repo}/issues/comments/${existing.id}`, { body })
      : await call(target, 'POST', `${repo}/issues/${target.issue}/comments`, { body });
    const comment = (await response.json()) as IssueComment;
    return { kind: existing ? 'updated' : 'created', id: comment.id, ...(comment.html_url ? { url: comment.html_url } : {}) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 403 && !error.rateLimited) return { kind: 'forbidden', message: error.message };
    return { kind: 'failed', message: `cannot ${existing ? 'update' : 'post'} the comment on pull request #${target.issue}: ${describe(error)}` };
  }
}

async function findComment(target: CommentTarget, first: string, marker: string): Promise<IssueComment | undefined> {
  let url: string | undefined = first;
  for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
    const response = await call(target, 'GET', url);
    const comments = (await response.json()) as IssueComment[];
    const found = comments.find((comment) => typeof comment.body === 'string' && comment.body.includes(marker));
    if (found) return found;
    url = nextPage(response.headers.get('link'));
  }
  return undefined;
}

/** The `rel="next"` URL of a Link header (RFC 8288), as GitHub paginates. */
export function nextPage(link: string | null): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /^\s*<([^>]+)>(.*)$/.exec(part);
    const rel = match && /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(match[2]!);
    if (rel && rel[1]!.trim().split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

async function call(target: CommentTarget, method: string, url: string, body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${target.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'premortem-action',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let detail = text.trim().slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') detail = parsed.message;
    } catch {
      // not JSON: the text as it is
    }
    throw new ApiError(
      `${method} ${new URL(url).pathname} answered ${response.status}${detail ? `: ${detail}` : ''}`,
      response.status,
      response.headers.get('x-ratelimit-remaining') === '0',
    );
  }
  return response;
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  const err = error as Error & { cause?: { message?: string } };
  return err.cause?.message ? `${err.message} (${err.cause.message})` : String(err?.message ?? error);
}
