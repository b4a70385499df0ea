import picomatch from 'picomatch';

/**
 * Friendly names are not paths: a `*` matches any run of characters, `/` included
 * ("Support*" matches "Support / SMS"). `?`, `[abc]`, `{a,b}` and `!` work as in shell globs; case matters.
 */
const OPTIONS: picomatch.PicomatchOptions = Object.freeze({ bash: true, dot: true });

type Matcher = (name: string) => boolean;

/** Matchers by the list they were compiled from: one plan reads `ignore` and `protect` in several steps. */
const compiled = new WeakMap<readonly string[], Matcher>();

/** A reusable matcher for a list of friendly-name globs, compiled once per list; an empty list matches nothing. */
export function compileGlobs(globs: readonly string[]): Matcher {
  const known = compiled.get(globs);
  if (known !== undefined) return known;
  // An empty list (the default) does not call picomatch at all: the CLI bundle loads it on first call.
  const matcher = globs.length === 0 ? undefined : picomatch([...globs], OPTIONS);
  const matches: Matcher = matcher === undefined ? () => false : (name) => matcher(name);
  compiled.set(globs, matches);
  return matches;
}
