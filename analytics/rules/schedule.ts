// Time windows for rules, evaluated on the frame's wall clock in a configured time zone (IANA name
// or fixed UTC offset). `from` is inclusive and `to` exclusive; a window whose `to` is not after
// its `from` crosses midnight and belongs to the day it starts on (fri 22:00-06:00 covers Sat 03:00).
import type { Day, TimeWindow } from './rules-schema.js';

const DAY_MS = 86_400_000;
const WEEKDAYS: readonly Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** Local calendar position of an instant: weekday and ms since local midnight. */
export interface LocalTime { readonly day: Day; readonly msOfDay: number }

/** Converts wall-clock ms to local time in one zone. Pure: the instant is always an argument. */
export class TimeZoneClock {
  private readonly fixedOffsetMs: number | undefined;
  private readonly format: Intl.DateTimeFormat | undefined;

  /** Throws RangeError for a zone Intl does not know or a malformed offset. */
  constructor(readonly zone: string) {
    const m = OFFSET.exec(zone);
    if (zone === 'UTC' || zone === 'Z') this.fixedOffsetMs = 0;
    else if (m) {
      const minutes = Number(m[2]) * 60 + Number(m[3]);
      if (Number(m[2]) > 14 || Number(m[3]) > 59) throw new RangeError(`offset ${zone} is out of range`);
      this.fixedOffsetMs = (m[1] === '-' ? -1 : 1) * minutes * 60_000;
    } else {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    }
  }

  /** Offset of local time from UTC at `wallMs`, in ms (DST-aware for IANA zones). */
  offsetMs(wallMs: number): number {
    if (this.fixedOffsetMs !== undefined) return this.fixedOffsetMs;
    const parts: Record<string, number> = {};
    for (const p of this.format!.formatToParts(wallMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wholeSecond = Math.floor(wallMs / 1000) * 1000;
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - wholeSecond;
  }

  local(wallMs: number): LocalTime {
    const local = wallMs + this.offsetMs(wallMs);
    const days = Math.floor(local / DAY_MS);
    // 1970-01-01 was a Thursday.
    return { day: WEEKDAYS[(((days + 4) % 7) + 7) % 7], msOfDay: local - days * DAY_MS };
  }
}

/** True when `zone` is a time zone TimeZoneClock accepts. */
export function isValidTimeZone(zone: string): boolean {
  try { new TimeZoneClock(zone); return true; } catch { return false; }
}

const hhmmToMs = (s: string): number => (Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5))) * 60_000;
const previousDay = (d: Day): Day => WEEKDAYS[(WEEKDAYS.indexOf(d) + 6) % 7];

/** Whether local time `t` falls in `window` (from inclusive, to exclusive, midnight-crossing aware). */
export function inTimeWindow(t: LocalTime, window: TimeWindow): boolean {
  const from = hhmmToMs(window.from), to = hhmmToMs(window.to);
  const onDay = (d: Day) => window.days === undefined || window.days.includes(d);
  if (to > from) return onDay(t.day) && t.msOfDay >= from && t.msOfDay < to;
  // Crosses midnight (to <= from; equal means a full 24 h from `from`).
  return (onDay(t.day) && t.msOfDay >= from) || (onDay(previousDay(t.day)) && t.msOfDay < to);
}

/** Whether a rule with these windows is active at local time `t`; no schedule means always. */
export const inSchedule = (t: LocalTime, schedule: readonly TimeWindow[] | undefined): boolean =>
  schedule === undefined || schedule.some((w) => inTimeWindow(t, w));
