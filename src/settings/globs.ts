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
