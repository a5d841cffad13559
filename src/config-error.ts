/** One line per problem: `NAME: expected <what>, got "<value>"` or `NAME: required for grantdesk serve`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}
