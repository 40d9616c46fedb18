/** NATS subject matching: `*` matches exactly one token, a final `>` one or more. */
export function subjectMatcher(pattern: string): (subject: string) => boolean {
  const want = pattern.split('.');
  const tail = want[want.length - 1] === '>';
  const fixed = tail ? want.length - 1 : want.length;
  return (subject) => {
    const got = subject.split('.');
    if (tail ? got.length <= fixed : got.length !== fixed) return false;
    for (let i = 0; i < fixed; i++) if (want[i] !== '*' && want[i] !== got[i]) return false;
    return true;
  };
}
