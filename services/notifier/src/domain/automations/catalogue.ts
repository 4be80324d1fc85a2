import type { SystemEmailRow } from '../../persistence/system-email.repository.js';
import type { StoredTemplate } from '../../persistence/template.repository.js';
import { compileTemplate, type CompiledTemplate } from '../templates/template-engine.js';
import type { TemplateContextName } from '../templates/placeholders.js';
import type { Automation } from './automation.js';
import { needsDirectory } from './recipients.js';
import { triggerOf, type TriggerDefinition } from './triggers.js';

export interface CompiledAutomation {
  automation: Automation;
  trigger: TriggerDefinition;
  /** A recipient needs the projections (a read before planning); A02's requester does not. */
  needsDirectory: boolean;
}

export interface CatalogueTemplate {
  id: string;
  key: string;
  context: TemplateContextName;
  /** Null when the stored template no longer parses (it was validated on save, so only by a bug). */
  compiled: CompiledTemplate | null;
}

/**
 * Everything that decides on emails, in memory: the automations (enabled ones indexed by the event
 * type they fire on) and the templates, parsed once. Keyed by notifier_settings.version: the group
 * statement writes only while the stored version is this one, else the catalogue is reloaded.
 */
export interface Catalogue {
  settingsVersion: number;
  /** Some portal app is enabled (or none is known yet): emails may show portal links. */
  portalEnabled: boolean;
  /** Customers with a live notification group that takes some event: only their events read the groups. */
  customersWithGroups: ReadonlySet<string>;
  automations: CompiledAutomation[];
  enabledByEvent: Map<string, CompiledAutomation[]>;
  templates: Map<string, CatalogueTemplate>;
  /** The same templates by key: notification groups and system emails name theirs by key. */
  templatesByKey: Map<string, CatalogueTemplate>;
  /** The system emails' switches by key (switching one counts the settings version up too). */
  systemEmails: Map<string, SystemEmailRow>;
}

export function compileAutomation(automation: Automation): CompiledAutomation | undefined {
  const trigger = triggerOf(automation.trigger);
  if (!trigger) return undefined;
  return { automation, trigger, needsDirectory: automation.actions.some((action) => action.to.some(needsDirectory)) };
}

function compiled(template: StoredTemplate): CompiledTemplate | null {
  try {
    return compileTemplate(template);
  } catch {
    return null;
  }
}

export function buildCatalogue(
  settingsVersion: number,
  automations: Automation[],
  templates: StoredTemplate[],
  portalEnabled = true,
  customersWithGroups: readonly string[] = [],
  systemEmails: readonly SystemEmailRow[] = [],
): Catalogue {
  const compiledAutomations = automations.flatMap((automation) => compileAutomation(automation) ?? []);
  const enabledByEvent = new Map<string, CompiledAutomation[]>();
  for (const entry of compiledAutomations) {
    if (!entry.automation.enabled) continue;
    enabledByEvent.set(entry.trigger.event, [...(enabledByEvent.get(entry.trigger.event) ?? []), entry]);
  }
  for (const list of enabledByEvent.values()) list.sort((a, b) => a.automation.code.localeCompare(b.automation.code));
  const parsed: CatalogueTemplate[] = templates.map((template) => ({ id: template.id, key: template.key, context: template.context, compiled: compiled(template) }));
  return {
    settingsVersion,
    portalEnabled,
    customersWithGroups: new Set(customersWithGroups),
    automations: compiledAutomations,
    enabledByEvent,
    templates: new Map(parsed.map((template) => [template.id, template])),
    templatesByKey: new Map(parsed.map((template) => [template.key, template])),
    systemEmails: new Map(systemEmails.map((systemEmail) => [systemEmail.key, systemEmail])),
  };
}
