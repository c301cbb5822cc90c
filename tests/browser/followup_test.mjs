// Follow-ups, reminders and Send in the browser (issue 9 parts 2 and 5), through the real UI:
//  - "Follow up" on a timeline row: the step completes the task, the new form has the Regarding
//    and the due date chosen (today + 3 days), and after Save both are on the contact's timeline;
//  - a reminder due a few seconds ahead (test hook _crm_test_remind_soon: the form takes times to
//    the minute) appears at its time without any input (the platform's wake-up timer), shows a
//    browser notification (permission granted to the context; window.Notification is wrapped by
//    an init script that records each call and then calls the real one), opens the activity
//    when the notification is clicked, is dismissed from the list, and stays dismissed after a
//    reload;
//  - Send on an email hands a mailto: URL to the page (the test state records the last external
//    URL) and the email is stored as Completed - Sent.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, clickItem, doubleClickItem, findItem, typeText, pressKey, getTestState, callHook, waitForItemGone,
} from './harness.mjs';
import { useBrowserAndServer, waitForState, saved, signIn, chooseFromCombo, localToday } from './app_actions.mjs';

const suite = useBrowserAndServer();

async function newContext(permissions = []) {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Warsaw' });
  if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(suite.server.url).origin });
  await context.addInitScript(() => {
    window.__notifications = [];
    const Real = window.Notification;
    if (!Real) return;
    function Recorded(title, options) {
      window.__notifications.push({ title, body: options && options.body, tag: options && options.tag });
      const shown = new Real(title, options);
      (window.__notificationObjects = window.__notificationObjects || []).push(shown);
      return shown;
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
    Recorded.requestPermission = (...args) => Real.requestPermission(...args);
    Recorded.prototype = Real.prototype;
    window.Notification = Recorded;
  });
  return context;
}

const workflow = async (page, idOrSubject) => (await callHook(page, '_crm_test_activity_workflow', [idOrSubject])).result;

function addDays(isoDate, days) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

test('Follow up on a timeline row: completes, opens the next task with the Regarding and due, both on the timeline', async () => {
  const context = await newContext();
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await clickItem(page, 'Contacts');
  await doubleClickItem(page, 'Chris Preston');
  const contactForm = 'Contact: Chris Preston';
  await clickItem(page, '+ Add activity', { window: contactForm });
  await clickItem(page, 'Task', { window: 'Popup_' });
  const subject = 'Send the ski catalogue ' + Date.now();
  await findItem(page, 'subject', { window: 'New Task' });
  await typeText(page, subject);
  await clickItem(page, 'Save & Close', { window: 'New Task' });
  await clickItem(page, 'timeline_search', { window: contactForm });
  await typeText(page, subject);
  await findItem(page, subject, { window: contactForm });
  const first = await workflow(page, subject);

  await clickItem(page, 'Follow up', { window: contactForm });
  const step = 'Complete & schedule next';
  await chooseFromCombo(page, 'follow_up_when', 'In 3 days', { window: step });
  await clickItem(page, 'Complete & schedule next', { window: step });
  const today = await localToday(page);
  const due = await findItem(page, 'due_date', { window: 'New Task' });
  assert.equal(due.value, addDays(today, 3));
  assert.equal((await findItem(page, 'subject', { window: 'New Task' })).value, 'Follow-up: ' + subject);
  assert.equal((await workflow(page, first.id)).state, 'Completed');  // completed before the new one is saved
  await clickItem(page, 'Save & Close', { window: 'New Task' });
  await waitForItemGone(page, 'Save & Close', { window: 'New Task' });
  await findItem(page, subject, { window: contactForm });
  await findItem(page, 'Follow-up: ' + subject, { window: contactForm });
  await saved(page);
  const next = await workflow(page, 'Follow-up: ' + subject);
  assert.equal(next.type, 'Task');
  assert.equal(next.state, 'Open');
  assert.equal(next.regarding, first.regarding);
  assert.equal(next.due, addDays(today, 3));
  await context.close();
});

test('a reminder shows at its time without input, notifies, and stays dismissed after a reload', async () => {
  const context = await newContext(['notifications']);
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await clickItem(page, 'Settings');
  await clickItem(page, 'Browser notifications');
  await findItem(page, 'Allowed by the browser.');  // the permission granted to the context
  await saved(page);

  const subject = 'Call the warehouse ' + Date.now();
  const made = (await callHook(page, '_crm_test_remind_soon', [subject, '3'])).result;
  assert.ok(made.id, JSON.stringify(made));
  // no input from here on: only the wake-up timer can make the app draw the reminder
  const deadline = Date.now() + 15_000;
  let state;
  for (;;) {
    state = await getTestState(page);
    if (state.followUps.reminders === 1) break;
    assert.ok(Date.now() < deadline, 'the reminder did not appear: ' + JSON.stringify(state.followUps));
    await page.waitForTimeout(100);
  }
  assert.ok(Date.now() >= made.reminderAt - 50, 'shown before its time');
  const notes = await page.evaluate(() => window.__notifications);
  assert.equal(notes.length, 1);
  assert.equal(notes[0].title, subject);
  assert.equal(notes[0].tag, made.id);
  assert.equal(state.followUps.notificationsShown, 1);

  // clicking the notification (its own onclick, as the browser calls it) opens the activity
  await page.evaluate(() => window.__notificationObjects[0].onclick());
  await findItem(page, 'Save & Close', { window: 'Task: ' + subject });
  await clickItem(page, 'Cancel', { window: 'Task: ' + subject });
  await waitForItemGone(page, 'Save & Close');

  await clickItem(page, 'Reminders (1)');
  await findItem(page, subject, { window: 'Reminders' });
  await clickItem(page, 'Dismiss', { window: 'Reminders' });
  await waitForState(page, (s) => s.followUps.reminders === 0, 'no reminders after Dismiss');
  await saved(page);
  const dismissed = await workflow(page, made.id);
  assert.equal(dismissed.reminderDismissed, made.reminderAt);

  await page.reload();
  await page.waitForFunction(() => window.__crmTest && window.__crmTest.ready === true, null, { timeout: 30_000 });
  await findItem(page, 'Reminders');  // the bell without a count
  state = await waitForState(page, (s) => s.user === 'Anna Kowalska', 'signed in again');
  assert.equal(state.followUps.reminders, 0);
  assert.equal((await page.evaluate(() => window.__notifications)).length, 0);
  await context.close();
});

test('Send on an email opens a mailto: URL and records the email as sent', async () => {
  const context = await newContext();
  const page = await openApp(context, suite.server.url);
  await signIn(page, 'Anna Kowalska');
  await clickItem(page, '+ Create');
  await clickItem(page, 'Email', { window: 'Popup_' });
  const subject = 'Oferta & cennik ' + Date.now();
  await findItem(page, 'subject', { window: 'New Email' });
  await typeText(page, subject);
  await clickItem(page, 'Send', { window: 'New Email' });  // no To yet: refused
  assert.equal((await getTestState(page)).followUps.lastExternalUrl, '');
  await clickItem(page, 'email_to', { window: 'New Email' });
  await typeText(page, 'anna@example.com; bob@example.com');
  await clickItem(page, 'description', { window: 'New Email' });
  await typeText(page, 'Q&A? #1');
  await pressKey(page, 'Enter');
  await typeText(page, 'Druga linia');
  await clickItem(page, 'Send', { window: 'New Email' });
  await waitForItemGone(page, 'Send', { window: 'New Email' });
  const state = await waitForState(page, (s) => s.followUps.lastExternalUrl !== '', 'a mailto: URL');
  const url = state.followUps.lastExternalUrl;
  assert.ok(url.startsWith('mailto:anna@example.com,bob@example.com?subject=Oferta%20%26%20cennik%20'), url);
  assert.ok(url.endsWith('&body=Q%26A%3F%20%231%0D%0ADruga%20linia'), url);
  await saved(page);
  const sent = await workflow(page, subject);
  assert.equal(sent.type, 'Email');
  assert.equal(sent.state, 'Completed');
  assert.equal(sent.reason, 'Sent');
  assert.ok(sent.actualEnd > 0);
  assert.equal((await getTestState(page)).ready, true);  // the page is still there
  await context.close();
});
