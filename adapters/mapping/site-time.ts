/**
 * Source systems store hospital-local wall-clock times without a zone. The API presents them as
 * RFC 3339 date-times with the site's UTC offset, and turns filter values back into local time.
 */
export interface SiteTime {
  readonly timeZone: string;
  /** 'YYYY-MM-DD HH:MM:SS' local → 'YYYY-MM-DDTHH:MM:SS+08:00' */
  toApi(localDateTime: string): string;
  /** an RFC 3339 date-time (any offset) → 'YYYY-MM-DD HH:MM:SS' in site-local time */
  toLocal(apiDateTime: string): string;
}

export function createSiteTime(timeZone: string): SiteTime {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const localOf = (instant: number): string => {
    const p = Object.fromEntries(parts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  };
  const asUtc = (local: string) => Date.parse(`${local.replace(' ', 'T')}Z`);
  // Offsets change at most at the hour; one computation per local hour is enough.
  const offsetByHour = new Map<string, string>();
  const offsetOf = (local: string): string => {
    const hour = local.slice(0, 13);
    let offset = offsetByHour.get(hour);
    if (offset === undefined) {
      const guess = asUtc(local);
      const minutes = Math.round((asUtc(localOf(guess)) - guess) / 60_000);
      const sign = minutes < 0 ? '-' : '+';
      const abs = Math.abs(minutes);
      offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      if (offsetByHour.size > 100_000) offsetByHour.clear();
      offsetByHour.set(hour, offset);
    }
    return offset;
  };
  return {
    timeZone,
    toApi: (local) => `${local.slice(0, 10)}T${local.slice(11, 19)}${offsetOf(local)}`,
    toLocal: (api) => {
      const instant = Date.parse(api);
      if (Number.isNaN(instant)) throw new RangeError(`not a date-time: ${api}`);
      return localOf(instant);
    },
  };
}
