/** Marks a report of an interrupted run as partial, so no reader mistakes it for the whole. */
export function partialNote(events: number): string {
  return `PARTIAL REPORT: the run was interrupted; it covers the ${events} event(s) tested before that.`;
}

/** The html report with a partial-report banner at the top of its body. */
export function markPartialHtml(html: string, events: number): string {
  const banner = `<p class="bad" role="alert" style="border:2px solid #b00020;padding:.5rem"><strong>${partialNote(events)}</strong></p>`;
  const at = html.search(/<body[^>]*>/i);
  if (at < 0) return banner + html;
  const end = html.indexOf('>', at) + 1;
  return html.slice(0, end) + banner + html.slice(end);
}
