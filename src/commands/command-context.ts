/** What every CLI command receives: its positional arguments, the parsed flags, and where to print. */
export interface CommandContext {
  args: string[];
  flags: Record<string, string | boolean | undefined>;
  out: (line: string) => void;
}
