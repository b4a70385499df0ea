import picomatch from 'picomatch';

/**
 * Friendly names are not paths: a `*` matches any run of characters, `/` included
 * ("Support*" matches "Support / SMS"). `?`, `[abc]`, `{a,b}` and `!` work as in shell globs; case matters.
 */
const OPTIONS: picomatch.PicomatchOptions = Object.freeze({ bash: true, dot: true });

/** A reusable matcher for a list of friendly-name globs; an empty list matches nothing. */
export function compileGlobs(globs: readonly string[]): (name: string) => boolean {
  if (globs.length === 0) return () => false;
  const matcher = picomatch([...globs], OPTIONS);
  return (name) => matcher(name);
}

// Settings hold the same few arrays for a whole run; compiling once per array keeps plans of many flows cheap.
const compiled = new WeakMap<readonly string[], (name: string) => boolean>();

/** Whether `name` matches any of `globs`. */
export function matchesAny(name: string, globs: readonly string[]): boolean {
  let matcher = compiled.get(globs);
  if (!matcher) {
    matcher = compileGlobs(globs);
    compiled.set(globs, matcher);
  }
  return matcher(name);
}
