/**
 * Conditions of the rule data: tests over the set of labels that answers added
 * (after the pattern of the Dutch AI-Act decision aid, MinBZK/ai-verordening-beslishulp).
 * Kept as data so the classification rules are versioned files, not code.
 */
export type Condition =
  | { label: string }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export function holds(condition: Condition, labels: ReadonlySet<string>): boolean {
  if ('label' in condition) return labels.has(condition.label);
  if ('all' in condition) return condition.all.every((c) => holds(c, labels));
  if ('any' in condition) return condition.any.some((c) => holds(c, labels));
  return !holds(condition.not, labels);
}

/** Every label a condition mentions, to check the rule data for labels no answer can add. */
export function labelsIn(condition: Condition): string[] {
  if ('label' in condition) return [condition.label];
  if ('all' in condition) return condition.all.flatMap(labelsIn);
  if ('any' in condition) return condition.any.flatMap(labelsIn);
  return labelsIn(condition.not);
}

/** The labels of a condition that are present and made it true, for the reasons shown to people. */
export function witnesses(condition: Condition, labels: ReadonlySet<string>): string[] {
  if ('label' in condition) return labels.has(condition.label) ? [condition.label] : [];
  if ('all' in condition) return condition.all.flatMap((c) => witnesses(c, labels));
  if ('any' in condition) {
    const first = condition.any.find((c) => holds(c, labels));
    return first ? witnesses(first, labels) : [];
  }
  return [];
}
