// What `npm run test:desktop` ends with. A release check that ran nothing must not look green: when every test
// was skipped (no Electron binary, no display), it says why in one sentence and exits 1, unless the run was
// asked to be optional (BUTTERFLY_DESKTOP_OPTIONAL=1, for machines that can never run it).

export interface DesktopCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export function desktopVerdict(
  counts: DesktopCounts,
  reason: string | false,
  optional: boolean,
): { code: 0 | 1; message: string | null } {
  if (counts.failed > 0) return { code: 1, message: null };
  if (counts.passed > 0) return { code: 0, message: null };
  const why = reason || 'no test ran';
  return optional
    ? { code: 0, message: `The desktop tests did not run, which BUTTERFLY_DESKTOP_OPTIONAL allows: ${why}.` }
    : { code: 1, message: `The desktop tests did not run: ${why}.` };
}
