// iCalendar in the browser: Google Calendar's sample file (tests/data/ics/google.ics) goes in
// through the real file chooser, the preview counts what it will add and lists what it cannot
// map, Import puts the events in the calendar on their days and hours in the page's time zone
// (London here, while the file's times are Warsaw's), and the export downloads an .ics file with
// VEVENT and VTODO components whose lines are folded to at most 75 octets.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, clickItem, findItem, getTestState, listItems, openApp, screenshot } from './harness.mjs';
import { saved, signIn, useBrowserAndServer, waitForState } from './app_actions.mjs';

const suite = useBrowserAndServer();
const CONTEXT = { viewport: { width: 1400, height: 850 }, timezoneId: 'Europe/London', acceptDownloads: true };
const HOUR_PX = 44;        // calendar_view.cpp kHourHeight
const GRID_TOP_HOUR = 7;   // the time grid opens scrolled to an hour before the working day (08:00)

// Week view: steps forward until the column of `date` is shown; returns that column's item.
async function showWeekOf(page, date) {
  for (let i = 0; i < 80; i++) {
    const slot = (await listItems(page)).find((it) => it.label === `slots ${date}` && it.w > 0);
    if (slot) return slot;
    await clickItem(page, '>');
  }
  assert.fail(`the week of ${date} was not reached`);
}

// The wall-clock hour an item starts at in the week view's time grid.
async function hourOf(page, subject, column) {
  const item = await findItem(page, subject);
  assert.ok(item.x >= column.x - 1 && item.x < column.x + column.w, `${subject} is on ${column.label}`);
  return GRID_TOP_HOUR + (item.y - column.y) / HOUR_PX;
}

test('import google.ics through the file chooser, see it in the calendar, export an .ics', async () => {
  const context = await suite.browser.newContext(CONTEXT);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await saved(page);
  const before = (await getTestState(page)).activities;

  await clickItem(page, 'Sync & data');
  const chooser = page.waitForEvent('filechooser');
  await clickItem(page, 'Import calendar (.ics)...');
  await (await chooser).setFiles(path.join(REPO_ROOT, 'tests/data/ics/google.ics'));
  await findItem(page, 'Import', { window: 'Import calendar' });
  const appointments = await findItem(page, 'Appointments', { window: 'Import calendar' });
  const items = await listItems(page);
  const added = items.find((it) => it.label === '4' && Math.abs(it.y - appointments.y) < 3 && it.x > appointments.x);
  assert.ok(added, 'the preview counts 4 new appointments');
  const labels = items.map((it) => it.label).join('\n');
  assert.match(labels, /ATTENDEE PARTSTAT ignored/);
  assert.match(labels, /property X-WR-CALNAME not imported/);
  await screenshot(page, 'ical-preview');
  assert.equal((await getTestState(page)).activities, before, 'nothing changes before Import');

  await clickItem(page, 'Import', { window: 'Import calendar' });
  const done = await waitForState(page, (s) => s.activities === before + 4 && s.save === 'saved', 'the import applied and saved');
  assert.match(done.notice, /Imported google\.ics: 4 added, 0 updated, 0 unchanged/);

  // 09:00 Warsaw (CET) on Monday 1 March is 08:00 in London; the moved occurrence on 5 April,
  // 11:00 Warsaw (CEST), is 10:00 in London (BST); the UTC call 14:00Z is 14:00 in London.
  await clickItem(page, 'Activities');
  await clickItem(page, 'Calendar');
  await clickItem(page, 'Week');
  let column = await showWeekOf(page, '2027-03-01');
  assert.equal(await hourOf(page, 'Poniedziałkowy przegląd', column), 8);
  await screenshot(page, 'ical-calendar-week');
  column = await showWeekOf(page, '2027-03-10');
  assert.equal(await hourOf(page, 'Call with the Taipei office', column), 14);
  column = await showWeekOf(page, '2027-04-05');
  assert.equal(await hourOf(page, 'Poniedziałkowy przegląd (później)', column), 10);

  // Importing the same file again adds nothing.
  await clickItem(page, 'Sync & data');
  const again = page.waitForEvent('filechooser');
  await clickItem(page, 'Import calendar (.ics)...');
  await (await again).setFiles(path.join(REPO_ROOT, 'tests/data/ics/google.ics'));
  await clickItem(page, 'Import', { window: 'Import calendar' });
  const second = await waitForState(page, (s) => /unchanged/.test(s.notice) && /google\.ics/.test(s.notice), 'the second import');
  assert.match(second.notice, /0 added, 0 updated, 4 unchanged/);
  assert.equal(second.activities, before + 4);

  // Export: every appointment and task (the demo data has both).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-ical-'));
  const download = page.waitForEvent('download');
  await clickItem(page, 'Export calendar (.ics)');
  const file = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  assert.match(path.basename(file), /^activities-calendar-\d{4}-\d{2}-\d{2}\.ics$/);
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('utf8');
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
  assert.ok(text.includes('\r\nBEGIN:VEVENT\r\n') && text.includes('\r\nBEGIN:VTODO\r\n'), 'events and tasks');
  assert.ok(text.includes('\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n'), 'the page zone as VTIMEZONE');
  const lines = text.split('\r\n');
  assert.equal(lines.pop(), '', 'the file ends with CRLF');
  let folded = 0;
  for (const line of lines) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line over 75 octets: ${line}`);
    assert.ok(!line.includes('\uFFFD'), 'no character split by folding');
    if (line.startsWith(' ')) folded++;
  }
  assert.ok(folded > 0, 'long lines are folded');
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  assert.match(unfolded, /\r\nSUMMARY:Poniedziałkowy przegląd\r\n/);
  assert.match(unfolded, /\r\nRRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=\d{8}T\d{6}Z\r\n/);
  assert.match(unfolded, /\r\nRECURRENCE-ID;TZID=Europe\/London:20270405T080000\r\n/);
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});
