// Time windows: `from` inclusive, `to` exclusive, windows crossing midnight belong to the day they
// start on, time zones by IANA name (DST-aware) or fixed offset. Wall clock only, never Date.now().
import t from 'tap';
import { TimeZoneClock, inSchedule, inTimeWindow, type LocalTime, type TimeWindow } from '../../analytics/index.js';

const at = (day: LocalTime['day'], hhmm: string, extraMs = 0): LocalTime =>
  ({ day, msOfDay: (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000 + extraMs });

t.test('from is inclusive, to is exclusive', async (t) => {
  const w: TimeWindow = { from: '08:00', to: '10:00' };
  t.notOk(inTimeWindow(at('mon', '07:59', 59_999), w), '07:59:59.999 is before');
  t.ok(inTimeWindow(at('mon', '08:00'), w), '08:00:00.000 is inside');
  t.ok(inTimeWindow(at('mon', '09:59', 59_999), w), '09:59:59.999 is inside');
  t.notOk(inTimeWindow(at('mon', '10:00'), w), '10:00:00.000 is after');
  t.ok(inTimeWindow(at('sun', '23:59'), { from: '22:00', to: '24:00' }), "'24:00' ends at midnight");
});

t.test('windows crossing midnight belong to the day they start', async (t) => {
  const w: TimeWindow = { days: ['fri'], from: '22:00', to: '06:00' };
  t.notOk(inTimeWindow(at('fri', '21:59'), w));
  t.ok(inTimeWindow(at('fri', '22:00'), w));
  t.ok(inTimeWindow(at('fri', '23:59'), w));
  t.ok(inTimeWindow(at('sat', '00:00'), w), 'midnight');
  t.ok(inTimeWindow(at('sat', '05:59', 59_999), w));
  t.notOk(inTimeWindow(at('sat', '06:00'), w), 'to is exclusive after midnight too');
  t.notOk(inTimeWindow(at('sat', '23:00'), w), 'Saturday night is not in a Friday window');
  t.notOk(inTimeWindow(at('fri', '03:00'), w), 'Friday early morning belongs to Thursday night');
  t.ok(inTimeWindow(at('mon', '03:00'), { days: ['sun'], from: '22:00', to: '06:00' }), 'sun -> mon wraps the week');
  const allDay: TimeWindow = { days: ['tue'], from: '07:00', to: '07:00' };
  t.ok(inTimeWindow(at('tue', '07:00'), allDay), 'from == to is 24 h from `from`');
  t.ok(inTimeWindow(at('wed', '06:59'), allDay));
  t.notOk(inTimeWindow(at('wed', '07:00'), allDay));
  t.ok(inSchedule(at('sun', '12:00'), undefined), 'no schedule = always');
  t.ok(inSchedule(at('sun', '12:00'), [w, { days: ['sat', 'sun'], from: '10:00', to: '14:00' }]), 'any window');
});

t.test('time zones: UTC, fixed offsets and IANA names with DST', async (t) => {
  const mondayNoonUtc = Date.UTC(2024, 0, 1, 12, 0);
  t.same(new TimeZoneClock('UTC').local(mondayNoonUtc), at('mon', '12:00'));
  t.same(new TimeZoneClock('+02:00').local(mondayNoonUtc), at('mon', '14:00'));
  t.same(new TimeZoneClock('-05:30').local(Date.UTC(2024, 0, 1, 3, 0)), at('sun', '21:30'), 'negative offset crosses back a day');
  t.same(new TimeZoneClock('Europe/Rome').local(mondayNoonUtc), at('mon', '13:00'), 'CET in winter');
  t.same(new TimeZoneClock('Europe/Rome').local(Date.UTC(2024, 6, 1, 12, 0, 30, 250)), at('mon', '14:00', 30_250), 'CEST in summer, seconds kept');
  t.throws(() => new TimeZoneClock('Nowhere/Special'), RangeError);
  t.throws(() => new TimeZoneClock('+25:00'), RangeError);
});
