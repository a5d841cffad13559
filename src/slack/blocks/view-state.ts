/**
 * What Slack sends back for a submitted modal: `view.state.values[blockId][actionId]`. Declared structurally so
 * Bolt's `ViewOutput['state']['values']` fits without this module importing Bolt.
 */
export interface ViewStateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
}

export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;

/** The submitted view, as much of it as the parsers read. */
export interface SubmittedView {
  private_metadata?: string;
  state: { values: ViewStateValues };
}

/** A text input's value, trimmed; '' when empty or absent. Block and action ids are the same string in our modals. */
export function textInput(values: ViewStateValues, id: string): string {
  return (values[id]?.[id]?.value ?? '').trim();
}

/** A static select's chosen option value, or undefined when none. */
export function selectedOption(values: ViewStateValues, id: string): string | undefined {
  return values[id]?.[id]?.selected_option?.value ?? undefined;
}
