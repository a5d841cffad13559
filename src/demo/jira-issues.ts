/**
 * The issues of the pretend Jira and its answers to the two REST v2 calls Grantdesk makes, in Jira's JSON shapes and
 * with its refusals: read an issue (GET /rest/api/2/issue/{key}, https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issues/#api-rest-api-2-issue-issueidorkey-get)
 * and comment on one (POST /rest/api/2/issue/{key}/comment, …/api-group-issue-comments/#api-rest-api-2-issue-issueidorkey-comment-post).
 */
export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface JiraIssueInput {
  key: string;
  summary: string;
  status: string;
  statusCategory: StatusCategoryKey;
  assignee: string | null;
  /** Shown as the assignee's emailAddress, as Jira does where its privacy settings allow. */
  assigneeEmail?: string;
  /** Defaults to the key's project part. */
  project?: string;
  /** Defaults to the project key. */
  projectName?: string;
}

export interface JiraComment {
  id: string;
  body: string;
  created: string;
}

export interface StoredIssue
  extends Required<Omit<JiraIssueInput, 'assigneeEmail'>>,
    Pick<JiraIssueInput, 'assigneeEmail'> {
  id: string;
  comments: JiraComment[];
}

export interface JiraAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Jira's text field limit (jira.text.field.character.limit, 32,767 by default), which applies to comment bodies:
 * https://support.atlassian.com/jira-cloud-administration/docs/configure-advanced-settings/
 */
export const JIRA_TEXT_LIMIT = 32_767;

/** Jira's three status categories, as GET /rest/api/2/statuscategory lists them. */
const CATEGORIES: Record<StatusCategoryKey, { id: number; name: string; colorName: string }> = {
  new: { id: 2, name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, name: 'Done', colorName: 'green' },
};

const NO_SUCH_ISSUE = 'Issue does not exist or you do not have permission to see it.';

export function jiraError(errorMessages: string[], errors: Record<string, string> = {}): unknown {
  return { errorMessages, errors };
}

export class JiraIssues {
  private readonly issues = new Map<string, StoredIssue>();
  private nextId = 10_000;

  add(input: JiraIssueInput): void {
    const key = input.key.toUpperCase();
    const project = input.project ?? key.slice(0, key.lastIndexOf('-'));
    this.issues.set(key, {
      ...input,
      key,
      project,
      projectName: input.projectName ?? project,
      id: String(this.nextId++),
      comments: this.issues.get(key)?.comments ?? [],
    });
  }

  get(key: string): StoredIssue | undefined {
    return this.issues.get(key.toUpperCase());
  }

  read(key: string, query: Record<string, string>, baseUrl: string): JiraAnswer {
    const issue = this.get(key);
    if (!issue) return { status: 404, body: jiraError([NO_SUCH_ISSUE]) };
    const category = CATEGORIES[issue.statusCategory];
    const allFields: Record<string, unknown> = {
      summary: issue.summary,
      status: {
        name: issue.status,
        statusCategory: {
          self: `${baseUrl}/rest/api/2/statuscategory/${category.id}`,
          key: issue.statusCategory,
          ...category,
        },
      },
      assignee:
        issue.assignee === null
          ? null
          : {
              displayName: issue.assignee,
              active: true,
              ...(issue.assigneeEmail && { emailAddress: issue.assigneeEmail }),
            },
      project: { key: issue.project, name: issue.projectName },
    };
    // Like Jira: `fields` lists the fields to return; absent or `*all` returns them all.
    const wanted = query.fields?.split(',').map((field) => field.trim()) ?? ['*all'];
    const fields = wanted.includes('*all')
      ? allFields
      : Object.fromEntries(Object.entries(allFields).filter(([name]) => wanted.includes(name)));
    return {
      status: 200,
      body: { expand: '', id: issue.id, self: `${baseUrl}/rest/api/2/issue/${issue.id}`, key: issue.key, fields },
    };
  }

  comment(key: string, raw: string, contentType: string | undefined, baseUrl: string, now: Date): JiraAnswer {
    const issue = this.get(key);
    if (!issue) return { status: 404, body: jiraError([NO_SUCH_ISSUE]) };
    if (!contentType?.includes('application/json')) return { status: 415, body: jiraError(['Unsupported Media Type']) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { status: 400, body: jiraError(['Unexpected character in request body']) };
    }
    const body = (parsed as { body?: unknown } | null)?.body;
    if (typeof body !== 'string' || body.trim() === '') {
      return { status: 400, body: jiraError([], { comment: 'Comment body can not be empty!' }) };
    }
    if (body.length > JIRA_TEXT_LIMIT) {
      const comment = 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';
      return { status: 400, body: jiraError([], { comment }) };
    }
    // Jira's timestamp form: `2024-05-01T10:00:00.000+0000`.
    const comment = { id: String(this.nextId++), body, created: now.toISOString().replace('Z', '+0000') };
    issue.comments.push(comment);
    const self = `${baseUrl}/rest/api/2/issue/${issue.id}/comment/${comment.id}`;
    return { status: 201, body: { self, ...comment, updated: comment.created } };
  }
}
