/**
 * Tags: free labels that filter the fleet page (prod, eu, team-a). Console-added targets get theirs on the admin
 * Targets form; the environment's targets from TARGET_TAGS, `name=tag,tag` entries separated by whitespace or
 * semicolons, e.g. `primary=prod,eu replica-1=prod`. Pure.
 */

/** Tags become URL parameters like target names: kept as plain. */
export const TAG_PATTERN = /^[a-z][a-z0-9_-]{0,29}$/;

/** A few per target: a tag is a filter, not a description. */
export const MAX_TAGS = 8;

export class TargetTagsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetTagsError';
  }
}

/** Why `tag` cannot be a tag, or null when it can. */
export function tagProblem(tag: string): string | null {
  return TAG_PATTERN.test(tag)
    ? null
    : `"${tag}" is not a tag: use 1–30 lower-case letters, digits, "-" or "_", starting with a letter`;
}

/**
 * Tags as typed (separated by commas or spaces), each checked, repeats dropped, in the order given. Throws
 * TargetTagsError naming the first tag that is wrong.
 */
export function parseTagList(text: string): string[] {
  const tags = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem) throw new TargetTagsError(problem);
  }
  if (tags.length > MAX_TAGS) throw new TargetTagsError(`${tags.length} tags: a target may have at most ${MAX_TAGS}`);
  return tags;
}

/**
 * Parses TARGET_TAGS into each named target's tags. With `targets` (DATABASE_URL's "primary" and the names in
 * TARGETS), an entry naming another target is refused: tags of console-added targets are set on their form.
 * Every problem names the entry it is in.
 */
export function parseTargetTags(value: string | undefined, targets?: readonly string[]): Map<string, string[]> {
  const entries = (value ?? '').split(/[\s;]+/).filter(Boolean);
  const tagsByTarget = new Map<string, string[]>();
  entries.forEach((entry, index) => {
    const separator = entry.indexOf('=');
    if (separator <= 0) throw new TargetTagsError(`TARGET_TAGS entry ${index + 1} ("${entry}") is not name=tag,tag`);
    const name = entry.slice(0, separator);
    if (tagsByTarget.has(name)) throw new TargetTagsError(`TARGET_TAGS names "${name}" twice`);
    if (targets && !targets.includes(name))
      throw new TargetTagsError(
        `TARGET_TAGS entry "${name}": there is no such target in TARGETS (or "primary", DATABASE_URL's)`,
      );
    const text = entry.slice(separator + 1);
    if (!text) throw new TargetTagsError(`TARGET_TAGS entry "${name}" has no tags`);
    try {
      tagsByTarget.set(name, parseTagList(text));
    } catch (error) {
      if (error instanceof TargetTagsError) throw new TargetTagsError(`TARGET_TAGS entry "${name}": ${error.message}`);
      throw error;
    }
  });
  return tagsByTarget;
}
