/** What a resident signs when submitting an application: the same bytes at signing and at every verification. */
export interface SignedSubmission {
  serviceCode: string;
  definitionVersion: number;
  submissionKey: string;
  answers: Record<string, unknown>;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * Key-sorted JSON, two-space indented, UTF-8, ending with a newline: readable on the page and stable whatever
 * order the database returns the answers in (jsonb reorders keys).
 */
export function canonicalSubmission(submission: SignedSubmission): string {
  const document = {
    answers: submission.answers,
    definitionVersion: submission.definitionVersion,
    kind: 'egov-portal application',
    serviceCode: submission.serviceCode,
    submissionKey: submission.submissionKey,
  };
  return `${JSON.stringify(sorted(document), null, 2)}\n`;
}

export function canonicalBytes(submission: SignedSubmission): Uint8Array {
  return new TextEncoder().encode(canonicalSubmission(submission));
}
