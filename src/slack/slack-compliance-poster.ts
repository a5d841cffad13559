import type { WebClient } from '@slack/web-api';
import type { AnomalyFinding } from '../domain/anomaly/anomaly-finding.ts';
import type { CompliancePoster, DigestSteps, OutgoingFile } from '../domain/ports.ts';
import type { WeeklyDigest } from '../domain/weekly-digest.ts';
import { type Auditors, anomalyAlertMessage } from './blocks/anomaly-alert-message.ts';
import type { SlackMessage } from './blocks/block-kit.ts';
import { digestMessage } from './blocks/digest-message.ts';
import { policyProblemsMessage } from './blocks/policy-problems-message.ts';

/**
 * CompliancePoster over Slack's Web API: chat.postMessage for the digest and alerts, and files.getUploadURLExternal +
 * upload + files.completeUploadExternal (WebClient.filesUploadV2) for the chart and CSV, shared in the digest's
 * thread so they stay attached to the week they describe.
 */
export class SlackCompliancePoster implements CompliancePoster {
  constructor(
    private readonly client: WebClient,
    private readonly options: { channelId: string; auditors: Auditors },
  ) {}

  async postDigest(digest: WeeklyDigest, files: OutgoingFile[], steps?: DigestSteps) {
    let messageTs = steps?.postedTs;
    if (!messageTs) {
      messageTs = await this.post(digestMessage(digest));
      await steps?.recordPosted(messageTs);
    }
    const fileIds: string[] = [];
    if (files.length > 0) {
      const uploaded = await this.client.filesUploadV2({
        channel_id: this.options.channelId,
        thread_ts: messageTs,
        initial_comment: `Chart and sessions CSV for ${digest.week}`,
        file_uploads: files.map((file) => ({
          file: Buffer.from(file.content),
          filename: file.filename,
          title: file.title,
        })),
      });
      for (const completion of uploaded.files) {
        for (const file of completion.files ?? []) if (file.id) fileIds.push(file.id);
      }
    }
    return { channelId: this.options.channelId, messageTs, fileIds };
  }

  async postAlert(findings: AnomalyFinding[]) {
    const messageTs = await this.post(anomalyAlertMessage(findings, this.options.auditors));
    return { channelId: this.options.channelId, messageTs };
  }

  /** A policy reload that was refused, and why. */
  async postPolicyProblems(summary: string, problems: readonly string[]): Promise<void> {
    await this.post(policyProblemsMessage(summary, problems));
  }

  private async post(message: SlackMessage): Promise<string> {
    const result = await this.client.chat.postMessage({
      channel: this.options.channelId,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!result.ts) throw new Error(`chat.postMessage to ${this.options.channelId} returned no ts`);
    return result.ts;
  }
}
