/** One problem in a mapping file, located as precisely as the file allows. */
export interface MappingProblem {
  file: string;
  /** the canonical entity the problem is in, when it is in one */
  entity?: string;
  /** the YAML key path, e.g. `fields.gender.values` */
  key: string;
  line?: number;
  message: string;
}

export function formatProblem(problem: MappingProblem): string {
  const where = [problem.entity ? `entity ${problem.entity}` : undefined, `key ${problem.key}`, problem.line ? `line ${problem.line}` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${problem.file}: ${where}: ${problem.message}`;
}

/** A mapping file that cannot be used; the gateway refuses to start with it. */
export class MappingError extends Error {
  constructor(readonly problems: MappingProblem[]) {
    super(
      problems.length === 1
        ? `invalid mapping: ${formatProblem(problems[0]!)}`
        : `invalid mapping (${problems.length} problems):\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'MappingError';
  }
}
