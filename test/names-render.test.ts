import { describe, expect, it } from 'vitest';
import { UserInputError } from '../src/errors.js';
import type { DesiredResource } from '../src/flows/types.js';
import type { FlowFields } from '../src/model/flexFlow.js';
import { diff } from '../src/plan/diff.js';
import { formatPlanFile, parsePlanFile } from '../src/plan/planFile.js';
import type { Plan } from '../src/plan/types.js';
import { withResolvedSids } from '../src/resolve/desired.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderText } from '../src/render/text.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import { CHAT_SERVICE, declared, liveFlow, liveFlows, STUDIO_FLOW } from './helpers/fixtures.js';

const FW_NOW = `FW${'c'.repeat(32)}`;
const AT = { file: 'flows/a.yaml', line: 6, column: 16 };

/** A flow whose Studio flow is named in the file, and the plan that moves it from STUDIO_FLOW to FW_NOW. */
function namedPlan(): Plan {
  const fields = {
    friendly_name: 'SMS',
    chat_service_sid: CHAT_SERVICE,
    channel_type: 'sms',
    integration_type: 'studio',
    integration: {},
  } as FlowFields;
  const resource: DesiredResource = {
    ...declared(fields, 1),
    names: [{ sidPath: 'integration.flow_sid', reference: { kind: 'studio-flow', name: 'Inbound SMS', position: AT } }],
  };
  const { resources, names } = withResolvedSids([resource], { sidFor: () => FW_NOW });
  const live = liveFlows([liveFlow(1, 'SMS', { channel_type: 'sms', integration_type: 'studio', integration: { flow_sid: STUDIO_FLOW } })]);
  return { ...diff(resources, live, DEFAULT_SETTINGS), names };
}

describe('a plan with SIDs given by name (issue 20)', () => {
  it('puts the SID in the declared field and shows the name beside it in text and Markdown', () => {
    const plan = namedPlan();
    expect(plan.names).toEqual([
      { kind: 'flex-flow', key: 'SMS', path: 'integration.flow_sid', target: 'studio-flow', name: 'Inbound SMS', sid: FW_NOW, source: AT },
    ]);
    expect(renderText(plan)).toContain(`    integration.flow_sid: "${STUDIO_FLOW}" → "${FW_NOW}" (Studio flow "Inbound SMS")\n`);
    expect(renderMarkdown(plan)).toContain('By name: <code>integration.flow_sid</code> is Studio flow &quot;Inbound SMS&quot;.');
  });

  it('saves the names with the plan and reads them back; a damaged entry is refused', () => {
    const plan = namedPlan();
    expect(parsePlanFile(formatPlanFile(plan)).names).toEqual(plan.names);
    const saved = JSON.parse(formatPlanFile(plan)) as Record<string, unknown>;
    const damaged = JSON.stringify({ ...saved, names: [{ ...(plan.names?.[0] as object), target: 'studio' }] });
    const hostile = JSON.stringify({ ...saved, names: [{ ...(plan.names?.[0] as object), sid: 'FW\u001b[2J' }] });
    expect(() => parsePlanFile(hostile)).toThrow(
      new UserInputError(
        'plan file: names[0].sid must be FW followed by 32 hex digits; write it again with `flexflow-sync plan --out FILE`',
      ),
    );
    expect(() => parsePlanFile(damaged)).toThrow(
      new UserInputError(
        'plan file: names[0].target must be one of studio-flow, chat-service, conversations-service, workspace, workflow; write it again with `flexflow-sync plan --out FILE`',
      ),
    );
  });
});
