import type { AccessDirectory } from '../domain/ports.ts';

/**
 * The directory of a process started without SLACK_BOT_TOKEN (a `worker` beside a `serve` that has one): nobody is
 * an approver or an auditor here, which fails closed.
 */
export const unconfiguredAccessDirectory: AccessDirectory = {
  isApprover: async () => false,
  isAuditor: async () => false,
};
