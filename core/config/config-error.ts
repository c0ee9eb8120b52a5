export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Invalid configuration: names every variable that is wrong and what is wrong with it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.problems = problems;
  }
}
