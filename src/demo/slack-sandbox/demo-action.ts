/**
 * A button in the sandbox's toolbar that is not Slack but the demo's own ("Seed a week", "Run the digest now"). The
 * sandbox only runs it and shows its state; what it does is the demo's business.
 */
export interface DemoAction {
  id: string;
  label: string;
  /** Shown as the button's tooltip. */
  description: string;
  /** Resolves with a line to show when done; a rejection's message is shown as the failure. */
  run(): Promise<string>;
  /** Why the button is disabled right now, or undefined when it can be clicked. */
  disabledReason?(): string | undefined;
}

export interface DemoActionState {
  id: string;
  label: string;
  description: string;
  disabledReason: string | null;
  running: boolean;
  /** What the last run said. */
  lastResult: { ok: boolean; message: string } | null;
}

/** Runs demo actions one at a time each, remembering how the last run went. */
export class DemoActions {
  private readonly running = new Set<string>();
  private readonly results = new Map<string, { ok: boolean; message: string }>();

  constructor(
    private readonly actions: readonly DemoAction[],
    private readonly onChange: () => void,
  ) {}

  states(): DemoActionState[] {
    return this.actions.map((action) => ({
      id: action.id,
      label: action.label,
      description: action.description,
      disabledReason: action.disabledReason?.() ?? null,
      running: this.running.has(action.id),
      lastResult: this.results.get(action.id) ?? null,
    }));
  }

  async run(id: string): Promise<{ ok: boolean; message: string }> {
    const action = this.actions.find((candidate) => candidate.id === id);
    if (!action) return { ok: false, message: `There is no demo action ${id}.` };
    const disabled = action.disabledReason?.();
    if (disabled) return { ok: false, message: disabled };
    if (this.running.has(id)) return { ok: false, message: `${action.label} is already running.` };
    this.running.add(id);
    this.onChange();
    let result: { ok: boolean; message: string };
    try {
      result = { ok: true, message: await action.run() };
    } catch (error) {
      result = { ok: false, message: (error as Error).message };
    } finally {
      this.running.delete(id);
    }
    this.results.set(id, result);
    this.onChange();
    return result;
  }
}
