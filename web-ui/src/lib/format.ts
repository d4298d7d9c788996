// Display helpers shared by the feature pages.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp in milliseconds as local date and time, or the given fallback when absent. */
export function formatDateTime(ms: number | undefined | null, fallback = 'Never'): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return fallback;
  return dateTime.format(new Date(ms));
}
