/**
 * The demo's pretend company: who works there, which channels exist, and who may approve and audit. The sandbox
 * builds its Slack workspace from this, the demo configures Grantdesk with the same ids, and the seed acts as
 * these people.
 */
import type { WorkspaceChannel, WorkspacePerson } from './slack-sandbox/workspace-model.ts';

export interface DemoPerson extends WorkspacePerson {
  email: string;
  role: 'requester' | 'approver' | 'auditor';
}

export const RILEY: DemoPerson = {
  id: 'U0RILEY01',
  name: 'riley',
  realName: 'Riley Chen',
  title: 'Support engineer',
  email: 'riley.chen@acme-support.example',
  role: 'requester',
};

export const SAM: DemoPerson = {
  id: 'U0SAMPAT1',
  name: 'sam',
  realName: 'Sam Patel',
  title: 'On-call SRE',
  email: 'sam.patel@acme-support.example',
  role: 'requester',
};

export const AVERY: DemoPerson = {
  id: 'U0AVERY01',
  name: 'avery',
  realName: 'Avery Okafor',
  title: 'Support lead · approver',
  email: 'avery.okafor@acme-support.example',
  role: 'approver',
};

export const BLAKE: DemoPerson = {
  id: 'U0BLAKE01',
  name: 'blake',
  realName: 'Blake Moreau',
  title: 'SRE manager · approver',
  email: 'blake.moreau@acme-support.example',
  role: 'approver',
};

export const CASEY: DemoPerson = {
  id: 'U0CASEY01',
  name: 'casey',
  realName: 'Casey Lindqvist',
  title: 'Compliance · auditor',
  email: 'casey.lindqvist@acme-support.example',
  role: 'auditor',
};

export const DEMO_PEOPLE: readonly DemoPerson[] = [RILEY, SAM, AVERY, BLAKE, CASEY];

export const SUPPORT_CHANNEL_ID = 'C0SUPPORT1';
export const APPROVER_CHANNEL_ID = 'C0APPROVAL';
export const COMPLIANCE_CHANNEL_ID = 'C0COMPLIAN';
/** Where examples/policy (10-requests.cedar, @approver_channel) sends regulated tenants' requests. */
export const REGULATED_CHANNEL_ID = 'C0REGULATD';
/** The usergroup examples/policy (20-regions.cedar) lets ask for EU tenants: Sam is in it, Riley is not. */
export const EU_SUPPORT_GROUP_ID = 'S0EUSUPPORT';

export const DEMO_USERGROUPS: Readonly<Record<string, readonly string[]>> = { [EU_SUPPORT_GROUP_ID]: [SAM.id] };

export const DEMO_CHANNELS: readonly WorkspaceChannel[] = [
  {
    id: SUPPORT_CHANNEL_ID,
    name: 'support-ops',
    kind: 'channel',
    topic: 'Where support works. Type /grant to ask for access to a customer tenant.',
  },
  {
    id: APPROVER_CHANNEL_ID,
    name: 'access-approvals',
    kind: 'channel',
    topic: 'Grantdesk posts access requests here; approvers decide on the card.',
  },
  {
    id: REGULATED_CHANNEL_ID,
    name: 'regulated-access',
    kind: 'channel',
    topic: 'Requests for regulated tenants (banks): two approvals, one hour at most.',
  },
  {
    id: COMPLIANCE_CHANNEL_ID,
    name: 'compliance',
    kind: 'channel',
    topic: 'The weekly digest and anomaly alerts.',
  },
];

export const approverIds = (): string[] => DEMO_PEOPLE.filter((p) => p.role === 'approver').map((p) => p.id);
export const auditorIds = (): string[] => DEMO_PEOPLE.filter((p) => p.role === 'auditor').map((p) => p.id);
