import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { Analysis, FixData, Severity } from '../analysis/types';
import { toRange } from './ranges';
import { codeHref } from './render';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The typed payload a diagnostic carries for its quick fixes. */
export interface DiagnosticData {
  readonly fixes: readonly FixData[];
}

export function diagnostics(analysis: Analysis): Diagnostic[] {
  return analysis.findings.map((f) => {
    const d: Diagnostic = {
      range: toRange(f.span),
      severity: SEVERITY[f.severity],
      code: f.code,
      codeDescription: { href: codeHref(f.code) },
      source: 'keepalive-lens',
      message: f.message,
      data: { fixes: f.fixes } satisfies DiagnosticData,
    };
    if (f.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
    if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: r.uri, range: toRange(r.span) }, message: r.message }));
    return d;
  });
}
