import type { TargetKind } from '../../model/lookupTargets.js';
import type { LookupRecord } from './store.js';

/**
 * Each resource in the shape of Twilio's API reference (and its helper library's fields): the
 * keys every kind shares, then the kind's own. Values Twilio would compute that the emulator does
 * not model (activities, limits) carry the API's documented defaults or null.
 */

type Body = Record<string, unknown>;

function links(url: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(), `${url}/${name}`]));
}

function json(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function integer(text: string | undefined, fallback: number): number {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : fallback;
}

const RENDER: Readonly<Record<TargetKind, (record: LookupRecord, url: string, accountSid: string, listed: boolean) => Body>> = {
  // Twilio's list example gives a flow's definition, validity and commit message as null: only a fetch or create carries them.
  'studio-flow': (record, url, accountSid, listed) => ({
    sid: record.sid,
    account_sid: accountSid,
    friendly_name: record.friendly_name,
    definition: listed ? null : json(record.params.Definition),
    status: record.params.Status ?? 'draft',
    revision: 1,
    commit_message: listed ? null : (record.params.CommitMessage ?? null),
    valid: listed ? null : true,
    errors: listed ? null : [],
    warnings: listed ? null : [],
    date_created: record.date_created,
    date_updated: record.date_updated,
    webhook_url: `https://webhooks.twilio.com/v1/Accounts/${accountSid}/Flows/${record.sid}`,
    url,
    links: links(url, ['TestUsers', 'Revisions', 'Executions']),
  }),
  'chat-service': (record, url, accountSid) => ({
    sid: record.sid,
    account_sid: accountSid,
    friendly_name: record.friendly_name,
    date_created: record.date_created,
    date_updated: record.date_updated,
    default_service_role_sid: null,
    default_channel_role_sid: null,
    default_channel_creator_role_sid: null,
    read_status_enabled: true,
    reachability_enabled: false,
    typing_indicator_timeout: 5,
    consumption_report_interval: 10,
    limits: { channel_members: 100, user_channels: 250 },
    pre_webhook_url: null,
    post_webhook_url: null,
    webhook_method: 'POST',
    webhook_filters: [],
    pre_webhook_retry_count: 0,
    post_webhook_retry_count: 0,
    notifications: {},
    media: { size_limit_mb: 150, compatibility_message: 'Media messages are not supported by your client' },
    url,
    links: links(url, ['Channels', 'Users', 'Roles', 'Bindings']),
  }),
  'conversations-service': (record, url, accountSid) => ({
    account_sid: accountSid,
    sid: record.sid,
    friendly_name: record.friendly_name,
    date_created: record.date_created,
    date_updated: record.date_updated,
    url,
    links: links(url, [
      'Conversations',
      'Users',
      'Roles',
      'Bindings',
      'Configuration',
      'ParticipantConversations',
      'ConversationWithParticipants',
    ]),
  }),
  workspace: (record, url, accountSid) => ({
    account_sid: accountSid,
    date_created: record.date_created,
    date_updated: record.date_updated,
    default_activity_name: 'Offline',
    default_activity_sid: null,
    event_callback_url: record.params.EventCallbackUrl ?? null,
    events_filter: record.params.EventsFilter ?? null,
    friendly_name: record.friendly_name,
    multi_task_enabled: (record.params.MultiTaskEnabled ?? 'true').toLowerCase() !== 'false',
    sid: record.sid,
    timeout_activity_name: 'Offline',
    timeout_activity_sid: null,
    prioritize_queue_order: record.params.PrioritizeQueueOrder ?? 'FIFO',
    url,
    links: links(url, ['Activities', 'Statistics', 'TaskQueues', 'Tasks', 'Workers', 'Workflows', 'TaskChannels', 'Events']),
  }),
  workflow: (record, url, accountSid) => ({
    account_sid: accountSid,
    assignment_callback_url: record.params.AssignmentCallbackUrl ?? null,
    configuration: record.params.Configuration ?? '',
    date_created: record.date_created,
    date_updated: record.date_updated,
    document_content_type: 'application/json',
    fallback_assignment_callback_url: record.params.FallbackAssignmentCallbackUrl ?? null,
    friendly_name: record.friendly_name,
    sid: record.sid,
    task_reservation_timeout: integer(record.params.TaskReservationTimeout, 120),
    workspace_sid: record.parentSid,
    url,
    links: links(url, ['Statistics', 'RealTimeStatistics', 'CumulativeStatistics']),
  }),
};

/** `record` as Twilio's API answers it, in a list page when `listed`; `url` is its absolute URL. */
export function renderLookup(record: LookupRecord, url: string, accountSid: string, listed = false): Body {
  return RENDER[record.kind](record, url, accountSid, listed);
}
