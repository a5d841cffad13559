/**
 * A realistic week at the demo company, as the stories seedWeek plays through Grantdesk's use cases. It is written
 * so that each anomaly rule has something to find: Sam's night of on-call requests (frequent requests, off-hours
 * activations, repeated denials, a full-length grant), one ticket used on three tenants, a five-second approval,
 * Avery approving nearly all of Riley's requests, unused and revoked sessions, and refused clicks and uses.
 */
import { AVERY, BLAKE, type DemoPerson, RILEY, SAM } from './demo-workspace.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** What happens to a request, `at` minutes after it was made. */
export type StoryStep =
  | { at: number; do: 'approve'; by: DemoPerson }
  | { at: number; do: 'deny'; by: DemoPerson; reason: string }
  | { at: number; do: 'cancel' }
  | { at: number; do: 'lapse' }
  | { at: number; do: 'use'; ip: string }
  | { at: number; do: 'act'; action: string }
  | { at: number; do: 'end' }
  | { at: number; do: 'revoke'; by: DemoPerson; reason: string }
  | { at: number; do: 'expire' }
  | { at: number; do: 'extend'; durationMs: number; reason: string }
  | { at: number; do: 'approve-extension'; by: DemoPerson }
  | { at: number; do: 'ticket-closed'; status: string }
  /** A click or use the use case refuses (and audits as ACCESS_REFUSED). */
  | { at: number; do: 'refused-approve'; by: DemoPerson }
  | { at: number; do: 'refused-use'; ip: string };

export interface Story {
  /** 0 = Monday of the seeded week. */
  day: number;
  /** Local time of the request, `HH:MM`, in DIGEST_TIMEZONE. */
  time: string;
  requester: DemoPerson;
  tenant: string;
  targetUser?: string;
  ticketKey: string;
  durationMs: number;
  reason: string;
  steps: StoryStep[];
}

export const WEEK_STORIES: readonly Story[] = [
  {
    day: 0,
    time: '09:12',
    requester: RILEY,
    tenant: 'acme-corp',
    targetUser: 'billing-admin@acme-corp.example',
    ticketKey: 'OPS-101',
    durationMs: HOUR,
    reason: "Reproduce the failed invoice export with the customer's billing admin account",
    steps: [
      { at: 4, do: 'approve', by: AVERY },
      { at: 6, do: 'use', ip: '10.20.1.15' },
      { at: 15, do: 'act', action: 'Viewed the export log of invoice INV-20931' },
      { at: 25, do: 'act', action: 'Re-ran the export for March invoices' },
      { at: 40, do: 'end' },
      { at: 75, do: 'refused-use', ip: '10.20.1.15' },
    ],
  },
  {
    day: 0,
    time: '11:30',
    requester: SAM,
    tenant: 'initech',
    ticketKey: 'OPS-104',
    durationMs: 30 * MINUTE,
    reason: 'Inspect the webhook retry queue for the delayed deliveries',
    steps: [
      { at: 2, do: 'approve', by: BLAKE },
      { at: 3, do: 'use', ip: '10.20.4.7' },
      { at: 10, do: 'act', action: 'Paused and resumed the webhook worker' },
      { at: 32, do: 'expire' },
    ],
  },
  {
    day: 0,
    time: '14:05',
    requester: RILEY,
    tenant: 'globex',
    ticketKey: 'OPS-102',
    durationMs: 2 * HOUR,
    reason: 'Check the SSO configuration after the IdP certificate rotation',
    steps: [{ at: 20, do: 'deny', by: BLAKE, reason: 'Ask the customer for a HAR file first: no access needed yet.' }],
  },
  {
    day: 1,
    time: '10:02',
    requester: RILEY,
    tenant: 'globex',
    targetUser: 'sso-admin@globex.example',
    ticketKey: 'OPS-102',
    durationMs: HOUR,
    reason: "The customer sent the HAR file: verify the new IdP certificate in the tenant's SSO settings",
    steps: [
      { at: 3, do: 'approve', by: AVERY },
      { at: 5, do: 'use', ip: '10.20.1.15' },
      { at: 20, do: 'act', action: 'Updated the IdP certificate fingerprint' },
      { at: 35, do: 'end' },
    ],
  },
  {
    day: 1,
    time: '15:15',
    requester: SAM,
    tenant: 'initech',
    ticketKey: 'OPS-103',
    durationMs: HOUR,
    reason: 'Unstick the bulk user import job that stopped at 80%',
    steps: [
      { at: 1, do: 'refused-approve', by: RILEY },
      { at: 6, do: 'approve', by: AVERY },
      { at: 8, do: 'use', ip: '10.20.4.7' },
      { at: 14, do: 'act', action: 'Restarted bulk import job 5521' },
      { at: 30, do: 'end' },
    ],
  },
  {
    day: 2,
    time: '09:45',
    requester: RILEY,
    tenant: 'acme-corp',
    ticketKey: 'OPS-101',
    durationMs: 30 * MINUTE,
    reason: 'Confirm the invoice export fix with the customer on a call',
    steps: [
      { at: 5 / 60, do: 'approve', by: AVERY },
      { at: 2, do: 'use', ip: '10.20.1.15' },
      { at: 12, do: 'end' },
    ],
  },
  {
    day: 2,
    time: '10:30',
    requester: SAM,
    tenant: 'stark-industries',
    ticketKey: 'OPS-103',
    durationMs: HOUR,
    reason: "The same bulk import problem on Stark's tenant: restart the job",
    steps: [
      { at: 3, do: 'approve', by: BLAKE },
      { at: 4, do: 'use', ip: '10.20.4.7' },
      { at: 9, do: 'act', action: 'Restarted bulk import job 5540' },
      { at: 25, do: 'end' },
    ],
  },
  {
    day: 2,
    time: '16:20',
    requester: RILEY,
    tenant: 'wayne-enterprises',
    ticketKey: 'OPS-103',
    durationMs: HOUR,
    reason: 'The bulk import is stuck for Wayne as well: check the job queue',
    steps: [
      { at: 4, do: 'approve', by: AVERY },
      { at: 30, do: 'revoke', by: BLAKE, reason: 'The platform team fixed the import: access no longer needed.' },
    ],
  },
  {
    day: 2,
    time: '17:00',
    requester: RILEY,
    tenant: 'acme-corp',
    ticketKey: 'OPS-101',
    durationMs: 4 * HOUR,
    reason: 'Audit the whole export configuration before closing the ticket',
    steps: [{ at: 10, do: 'cancel' }],
  },
  {
    day: 3,
    time: '19:40',
    requester: SAM,
    tenant: 'initech',
    ticketKey: 'OPS-104',
    durationMs: HOUR,
    reason: 'The webhook backlog is growing again: drain the delivery queue',
    steps: [
      { at: 3, do: 'approve', by: BLAKE },
      { at: 5, do: 'use', ip: '192.168.7.21' },
      { at: 20, do: 'act', action: 'Drained 14,000 queued webhook deliveries' },
      { at: 50, do: 'end' },
    ],
  },
  {
    day: 3,
    time: '21:05',
    requester: SAM,
    tenant: 'initech',
    ticketKey: 'OPS-104',
    durationMs: 30 * MINUTE,
    reason: 'Verify that the queue drained and deliveries resumed',
    steps: [{ at: 6, do: 'deny', by: BLAKE, reason: 'You just had access: check the delivery dashboards first.' }],
  },
  {
    day: 3,
    time: '22:30',
    requester: SAM,
    tenant: 'initech',
    ticketKey: 'OPS-104',
    durationMs: 2 * HOUR,
    reason: "Deliveries stalled again: restart the tenant's webhook worker",
    steps: [
      { at: 8, do: 'approve', by: AVERY },
      { at: 10, do: 'use', ip: '192.168.7.21' },
      { at: 25, do: 'act', action: 'Restarted the webhook worker with a larger batch size' },
      { at: 90, do: 'extend', durationMs: HOUR, reason: 'The worker is still draining; I need to watch it finish' },
      { at: 95, do: 'approve-extension', by: BLAKE },
      { at: 188, do: 'expire' },
    ],
  },
  {
    day: 4,
    time: '00:40',
    requester: SAM,
    tenant: 'umbrella',
    ticketKey: 'OPS-104',
    durationMs: HOUR,
    reason: "Check whether Umbrella's webhooks are affected too",
    steps: [{ at: 9, do: 'deny', by: AVERY, reason: 'Umbrella is not on the affected cluster.' }],
  },
  {
    day: 4,
    time: '01:15',
    requester: SAM,
    tenant: 'globex',
    ticketKey: 'OPS-104',
    durationMs: HOUR,
    reason: "Check Globex's webhook deliveries as well",
    steps: [{ at: 4, do: 'deny', by: BLAKE, reason: 'Globex is not on the affected cluster either.' }],
  },
  {
    day: 4,
    time: '02:10',
    requester: SAM,
    tenant: 'initech',
    ticketKey: 'OPS-104',
    durationMs: 8 * HOUR,
    reason: 'Keep access through the night to watch the webhook backlog',
    steps: [
      { at: 12, do: 'approve', by: BLAKE },
      { at: 14, do: 'use', ip: '192.168.7.21' },
      { at: 180, do: 'ticket-closed', status: 'Done' },
    ],
  },
  {
    day: 4,
    time: '11:20',
    requester: RILEY,
    tenant: 'acme-corp',
    ticketKey: 'OPS-101',
    durationMs: 30 * MINUTE,
    reason: 'Final check of the invoice export before closing the ticket',
    steps: [
      { at: 3, do: 'approve', by: AVERY },
      { at: 4, do: 'use', ip: '10.20.1.15' },
      { at: 9, do: 'act', action: 'Downloaded the April invoice export' },
      { at: 15, do: 'end' },
    ],
  },
  {
    day: 4,
    time: '15:00',
    requester: RILEY,
    tenant: 'globex',
    ticketKey: 'OPS-102',
    durationMs: HOUR,
    reason: 'Follow up on the SSO login reports from Globex users',
    steps: [{ at: 4 * 60, do: 'lapse' }],
  },
  {
    day: 5,
    time: '03:15',
    requester: SAM,
    tenant: 'initech',
    ticketKey: 'OPS-104',
    durationMs: HOUR,
    reason: 'Paged: webhook deliveries are failing again',
    steps: [
      { at: 5, do: 'approve', by: BLAKE },
      { at: 6, do: 'use', ip: '192.168.7.21' },
      { at: 12, do: 'act', action: 'Rolled back the webhook worker to the previous release' },
      { at: 40, do: 'end' },
    ],
  },
];

/** A request left waiting now, so an approver has something to decide the moment the week is seeded. */
export const WAITING_NOW: Story = {
  day: 0,
  time: '00:00',
  requester: SAM,
  tenant: 'hooli',
  ticketKey: 'OPS-103',
  durationMs: HOUR,
  reason: 'The bulk import is stuck on Hooli too: restart the import job',
  steps: [],
};
