/**
 * The demo Jira's page for one ticket (`/browse/<KEY>`, where Grantdesk's cards link): its status, a button that
 * moves an open ticket to Done (Grantdesk hears of it by webhook and ends the ticket's grants), and its comments.
 */
import type { StoredIssue } from './jira-issues.ts';

export function ticketPage(ticket: StoredIssue): string {
  const comments = ticket.comments.map(
    (comment) => `<li><time>${escapeHtml(comment.created)}</time><pre>${escapeHtml(comment.body)}</pre></li>`,
  );
  const moveToDone =
    ticket.statusCategory === 'done'
      ? ''
      : ` · <form method="post" action="/browse/${escapeHtml(encodeURIComponent(ticket.key))}/done"><button type="submit">Move to Done</button></form>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(ticket.key)}</title>
<style>body{font:15px system-ui,sans-serif;max-width:760px;margin:32px auto;color:#172b4d}pre{white-space:pre-wrap;
background:#f4f5f7;padding:8px;border-radius:4px}.status{display:inline-block;padding:2px 8px;border-radius:3px;
background:#dfe1e6;font-size:12px;font-weight:700;text-transform:uppercase}li{list-style:none;margin:12px 0}
form{display:inline}button{font:inherit;padding:4px 12px;border:0;border-radius:3px;background:#0052cc;color:#fff;
cursor:pointer}</style>
</head><body><p>Demo Jira · ${escapeHtml(ticket.projectName)}</p><h1>${escapeHtml(ticket.key)}: ${escapeHtml(ticket.summary)}</h1>
<p><span class="status">${escapeHtml(ticket.status)}</span> · Assignee: ${escapeHtml(ticket.assignee ?? 'Unassigned')}${moveToDone}</p>
<h2>Comments (${ticket.comments.length})</h2><ul>${comments.join('') || '<li>No comments yet.</li>'}</ul></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
