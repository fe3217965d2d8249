// Tutela's console journeys in a real browser: Debian's chromium driven by playwright-core, every
// page visited checked with axe-core (no serious or critical violation), key pages saved as
// screenshots. scripts/browser-tests starts `tutela demo` and sets TUTELA_URL, TUTELA_BACKEND and
// TUTELA_SCREENSHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = process.env.TUTELA_URL;
const backend = process.env.TUTELA_BACKEND ?? 'sqlite';
const shots = process.env.TUTELA_SCREENSHOTS ?? 'browser-journeys';
const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const TIMEOUT_MS = 15_000;

let browser;

before(async () => {
  assert.ok(base, 'TUTELA_URL names the server to test');
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-background-networking'],
    timeout: 60_000,
  });
});

after(async () => {
  await browser?.close();
});

async function newPage(locale = 'en-GB') {
  // The pages forbid inline scripts; the audit script is injected through the DevTools protocol.
  const context = await browser.newContext({ locale, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  return page;
}

/** Runs axe-core on the page (no serious or critical violation) and saves a screenshot. */
async function audit(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  assert.deepEqual(serious, [], `${name}: accessibility violations`);
  await page.screenshot({ path: `${shots}/${backend}-${name}.png`, fullPage: true });
}

/** Signs in to the console as the demo administrator of `operator` and waits for the dashboard. */
async function signInAs(page, operator) {
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('Operator').fill(operator);
  await page.getByLabel('E-mail address').fill(`admin@${operator}.example`);
  await page.getByLabel('Password').fill('tutela-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Due soon and breached' }).waitFor();
}

/** Whether two characters draw differently in the page's fonts: two missing glyphs draw the same box. */
async function glyphsDiffer(page, first, second) {
  return page.evaluate(([a, b]) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 40;
    const context = canvas.getContext('2d');
    const draw = (text) => {
      context.clearRect(0, 0, 64, 40);
      context.font = getComputedStyle(document.body).fontFamily.replace(/^/, '28px ');
      context.fillText(text, 4, 30);
      return Array.from(context.getImageData(0, 0, 64, 40).data).join(',');
    };
    const blank = draw('');
    return draw(a) !== draw(b) && draw(a) !== blank;
  }, [first, second]);
}

test('a staff member signs in, extends a breached clock, finds the journal entry, carries out a request and closes it', async () => {
  const page = await newPage();
  await page.goto(`${base}/console`);
  assert.match(page.url(), /\/console\/sign-in$/, 'the console asks to sign in');
  await audit(page, 'sign-in');
  await page.getByLabel('Operator').fill('kursy');
  await page.getByLabel('E-mail address').fill('admin@kursy.example');
  await page.getByLabel('Password').fill('tutela-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Due soon and breached' }).waitFor();
  await audit(page, 'dashboard');

  const breached = page.locator('tr.state-breached a').first();
  const label = await breached.textContent();
  await breached.click();
  await page.getByRole('heading', { level: 1, name: label.trim() }).waitFor();
  await audit(page, 'clock');
  await page.getByLabel('By how long').fill('2 days');
  await page.getByLabel('Reason').fill('Reasoned notice sent to the regulator');
  await page.getByRole('button', { name: 'Extend the deadline' }).click();
  await page.getByRole('status').filter({ hasText: 'The deadline was extended' }).waitFor();
  assert.ok(await page.getByText('Reasoned notice sent to the regulator').isVisible(), 'the history shows the reason');

  await page.getByRole('link', { name: 'Journal' }).click();
  await page.getByRole('heading', { name: 'Journal' }).waitFor();
  assert.ok(await page.getByRole('cell', { name: 'extend_clock' }).first().isVisible(), 'the extension is journaled');
  await page.getByRole('link', { name: 'Verify the whole chain' }).click();
  await page.getByRole('status').filter({ hasText: 'The chain verifies' }).waitFor();
  await audit(page, 'journal');

  await page.getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('heading', { name: 'Requests' }).waitFor();
  await audit(page, 'requests');
  const reference = page.locator('tbody a').filter({ hasText: /^KUR-\d{4}-\d{6}$/ }).first();
  const number = (await reference.textContent()).trim();
  await reference.click();
  await page.getByRole('heading', { level: 1, name: number }).waitFor();
  assert.match(await page.locator('dl.facts').textContent(), /152-FZ/, 'the rule cites its article');
  await audit(page, 'request');

  // The scanned paper letter is attached and kept with its digest.
  await page.getByLabel('A scan of the letter or a document').setInputFiles({
    name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% the letter, scanned\n'),
  });
  await page.getByRole('button', { name: 'Attach' }).click();
  await page.getByRole('status').filter({ hasText: 'The file is attached' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'letter.pdf' }).isVisible(), 'the file is listed');

  // The letter has everything 152-FZ requires of it.
  await page.getByLabel('Identity document: number, date of issue, issuer').check();
  await page.getByLabel('Proof of the relationship with us').check();
  await page.getByLabel('Signature', { exact: true }).check();
  await page.getByRole('button', { name: 'Record and ask for what is missing' }).click();
  await page.getByRole('status').filter({ hasText: 'The request contains what the law requires.' }).waitFor();

  // The requester is verified; a dry run shows what the request touches; the run writes the package.
  await page.getByLabel('An identity document was checked').check();
  await page.getByLabel('What was checked').fill('Passport seen at the office');
  await page.getByRole('button', { name: "Verify the requester's identity" }).click();
  await page.getByRole('status').filter({ hasText: "The requester's identity is verified." }).waitFor();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByRole('status').filter({ hasText: 'Dry run: nothing was changed' }).waitFor();
  assert.ok(await page.getByRole('cell', { name: 'students' }).first().isVisible(), 'the dry run lists the tables');
  await audit(page, 'request-dry-run');
  await page.getByRole('button', { name: 'Run now' }).click();
  await page.getByRole('status').filter({ hasText: 'Confirmed by every store' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Access package' }).click(),
  ]);
  const zip = readFileSync(await download.path());
  assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'the access package is a zip file');
  assert.match(download.suggestedFilename(), /^KUR-\d{4}-\d{6}-access\.zip$/);
  await audit(page, 'request-fulfilled');
  await page.getByLabel('What was done').fill('Information sent by registered post');
  await page.getByRole('button', { name: 'Close the request' }).click();
  await page.getByRole('status').filter({ hasText: 'The request is completed' }).waitFor();
  assert.ok(await page.getByText('Information sent by registered post').first().isVisible(), 'the history shows what was done');
  // A paper request's answer, in Russian, is printed: the letter names the package and where to complain.
  await page.getByRole('heading', { name: 'Answer' }).waitFor();
  assert.match(await page.locator('.letter').textContent(), /Роскомнадзор/);
  await audit(page, 'request-answered');
  await page.getByRole('link', { name: 'Outbox' }).click();
  await page.getByRole('heading', { name: 'Outbox' }).waitFor();
  await audit(page, 'outbox');
  await page.context().close();
});

test('the first page and the portal in Chinese, Hindi and Russian, with their text really drawn', async () => {
  const page = await newPage('zh-CN');
  await page.goto(`${base}/`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN', 'the browser language is chosen');
  await page.getByRole('link', { name: '员工控制台' }).waitFor();
  assert.ok(await glyphsDiffer(page, '员', '工'), 'Chinese characters are drawn, not boxes');
  await audit(page, 'home-zh-CN');

  await page.goto(`${base}/portal/lexue?lang=hi`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'hi');
  assert.ok(await glyphsDiffer(page, 'क', 'ख'), 'Devanagari is drawn, not boxes');
  await audit(page, 'portal-hi');

  await page.goto(`${base}/portal/kursy?lang=ru`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.match(await page.locator('h1').textContent(), /Конфиденциальность/);
  await audit(page, 'portal-ru');
  await page.getByRole('link', { name: 'Персональные данные, разрешённые для распространения, и условия' }).click();
  await page.getByRole('heading', { level: 1, name: /разрешённые субъектами для распространения/ }).waitFor();
  await audit(page, 'portal-distribution-ru');
  await page.goto(`${base}/portal/kursy?lang=ru`);

  // A subject files an erasure request from the portal and sees its number and deadline.
  await page.getByRole('link', { name: 'Обратиться по поводу своих персональных данных' }).click();
  await page.getByLabel('О чём вы просите').selectOption('erasure');
  await page.getByLabel('Ваш адрес электронной почты').fill('anna.volkova@example.ru');
  await audit(page, 'portal-request-ru');
  await page.getByRole('button', { name: 'Отправить обращение' }).click();
  await page.getByRole('heading', { name: /Обращение KUR-\d{4}-\d{6} получено/ }).waitFor();
  assert.match(await page.locator('main').textContent(), /По закону мы ответим до \d{4}-\d{2}-\d{2}/);
  await audit(page, 'portal-filed-ru');
  await page.goto(`${base}/api`);
  await audit(page, 'api-reference');
  await page.context().close();
});

test('an erasure request is verified and carried out, with its destruction act and the destruction log', async () => {
  const page = await newPage();
  await signInAs(page, 'solarmax');
  await page.getByRole('link', { name: 'Requests' }).click();
  const reference = page.locator('tbody a').filter({ hasText: /^SOL-\d{4}-\d{6}$/ }).first();
  const number = (await reference.textContent()).trim();
  await reference.click();
  await page.getByRole('heading', { level: 1, name: number }).waitFor();

  await page.getByLabel('Details match what we hold about the subject').check();
  await page.getByLabel('What was checked').fill('Account e-mail, plant serial number and installer match');
  await page.getByRole('button', { name: "Verify the requester's identity" }).click();
  await page.getByRole('status').filter({ hasText: "The requester's identity is verified." }).waitFor();
  await page.getByRole('button', { name: 'Run now' }).click();
  await page.getByRole('status').filter({ hasText: 'Confirmed by every store' }).waitFor();
  await audit(page, 'request-erased');

  await page.getByRole('link', { name: /^Destruction act / }).click();
  await page.getByRole('heading', { level: 1, name: `Act No. ${number}/1 on the destruction of personal data` }).waitFor();
  assert.match(await page.locator('body').textContent(), /Signatures of the commission/);
  await audit(page, 'destruction-act');
  await page.goto(`${base}/console/requests`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Destruction log (CSV)' }).click(),
  ]);
  const log = readFileSync(await download.path(), 'utf8');
  assert.match(log, new RegExp(`^finished_at,act_number,`), 'the log has its header');
  assert.ok(log.includes(`${number}/1`), 'the act is in the destruction log');
  await page.context().close();
});

/** Reads the newest one-time code in an operator's outbox, as the demo's staff can. */
async function codeFromOutbox(operator) {
  const page = await newPage();
  await signInAs(page, operator);
  await page.goto(`${base}/console/outbox`);
  const code = (await page.locator('strong.code').first().textContent()).trim();
  await page.context().close();
  assert.match(code, /^\d{6}$/, 'the outbox shows the code in the demo');
  return code;
}

// The portal's words in each journey's language, as a subject reads them.
const PORTAL = {
  ru: {
    operator: 'kursy', email: 'daria.16@mail.example', account: 'Посмотреть и изменить свои согласия',
    address: 'Ваш адрес электронной почты', send: 'Прислать код', code: 'Код из нашего письма (6 цифр)',
    signIn: 'Войти', title: /^Ваши согласия/, withdraw: /^Отозвать: /, receipt: 'Квитанция о согласии',
    withdrawn: 'Ваше согласие отозвано', state: 'Отозвано', back: 'К вашим согласиям',
  },
  'zh-CN': {
    operator: 'lexue', email: 'wuyuxuan@163.example', account: '查看和更改您的同意',
    address: '您的电子邮件地址', send: '发送验证码', code: '我们通过电子邮件发送给您的验证码（6 位数字）',
    signIn: '登录', title: /^您对.+的同意$/, withdraw: /^撤回: /, receipt: '同意回执',
    withdrawn: '您的同意已撤回', state: '已撤回', back: '返回您的同意', glyphs: ['同', '意'],
  },
  hi: {
    operator: 'tunewave', email: 'meera.patel1@rediff.example', account: 'अपनी सहमतियाँ देखें और बदलें',
    address: 'आपका ईमेल पता', send: 'मुझे कोड भेजें', code: 'हमारे ई-मेल में भेजा गया कोड (6 अंक)',
    signIn: 'साइन इन करें', title: /सहमतियाँ$/, withdraw: /^वापस लें: /, receipt: 'सहमति रसीद',
    withdrawn: 'आपकी सहमति वापस ले ली गई है', state: 'वापस ली गई', back: 'अपनी सहमतियों पर वापस जाएँ',
    glyphs: ['स', 'ह'],
  },
};

for (const [lang, words] of Object.entries(PORTAL)) {
  test(`a subject signs in to the portal in ${lang} with the code from the outbox, withdraws a consent and keeps the receipt`, async () => {
    const page = await newPage(lang);
    await page.goto(`${base}/portal/${words.operator}?lang=${lang}`);
    await page.getByRole('link', { name: words.account }).click();
    assert.match(page.url(), new RegExp(`/portal/${words.operator}/sign-in$`), 'the portal asks to sign in first');
    await audit(page, `portal-sign-in-${lang}`);
    await page.getByLabel(words.address).fill(words.email);
    await page.getByRole('button', { name: words.send }).click();
    await page.getByLabel(words.code).waitFor();
    await page.getByLabel(words.code).fill(await codeFromOutbox(words.operator));
    await page.getByRole('button', { name: words.signIn }).click();
    await page.getByRole('heading', { level: 1, name: words.title }).waitFor();
    if (words.glyphs) assert.ok(await glyphsDiffer(page, ...words.glyphs), `${lang} text is drawn, not boxes`);
    await audit(page, `portal-consents-${lang}`);

    const withdraw = page.getByRole('button', { name: words.withdraw }).first();
    const purpose = (await withdraw.getAttribute('aria-label')).replace(words.withdraw, '');
    await withdraw.click();
    await page.getByRole('heading', { level: 1, name: words.receipt }).waitFor();
    await page.getByRole('status').filter({ hasText: words.withdrawn }).waitFor();
    const receipt = await page.locator('dl.facts').textContent();
    assert.ok(receipt.includes(purpose) && receipt.includes(words.state), 'the receipt names the purpose and the choice');
    assert.match(receipt, /#\d+ [0-9a-f]{64}/, 'the receipt names its journal entry and hash');
    await audit(page, `portal-receipt-${lang}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /JSON/ }).click(),
    ]);
    const kantara = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(kantara.version, 'KI-CR-v1.1.0', 'the receipt downloads as a Kantara consent receipt');

    await page.getByRole('link', { name: words.back }).click();
    await page.getByRole('heading', { level: 1, name: words.title }).waitFor();
    const row = page.locator('tr').filter({ hasText: purpose });
    assert.ok((await row.first().textContent()).includes(words.state), 'the consent now shows as withdrawn');
    await page.context().close();
  });
}

test('a staff member looks up a subject, reads the data map versions, checks the stores for PII drift, computes a deadline and issues and revokes an API token', async () => {
  const page = await newPage();
  await signInAs(page, 'kursy');

  await page.getByRole('link', { name: 'Subjects' }).click();
  await page.getByLabel("The operator's reference for the subject").fill('38');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('heading', { name: 'Decisions now' }).waitFor();
  const newsletter = page.locator('tr').filter({ has: page.locator('code', { hasText: /^newsletter$/ }) }).first();
  assert.match(await newsletter.textContent(), /Yes/, 'the demo subject consented to the newsletter');
  await audit(page, 'subject-look-up');

  await page.getByRole('link', { name: 'Data map' }).click();
  await page.getByRole('heading', { name: 'Versions' }).waitFor();
  assert.ok(await page.getByText('The first version.').first().isVisible());
  await audit(page, 'datamap-versions');

  await page.getByRole('link', { name: 'Discovery' }).click();
  await page.getByRole('button', { name: 'Check the stores against the data map' }).click();
  await page.getByRole('heading', { level: 2, name: /kursy_db/ }).waitFor();
  assert.match(await page.getByRole('status').first().textContent(), /rows scanned/, 'the demo store was scanned');
  await audit(page, 'discovery');

  await page.getByRole('link', { name: 'Calendars' }).click();
  await page.getByLabel('Calendar', { exact: true }).selectOption('ru');
  await page.getByLabel('From (local time of the calendar)').fill('2026-11-02T10:00');
  await page.getByLabel('Period (e.g. 10 working days, 72 hours, 1 month)').fill('10 working days');
  await page.getByRole('button', { name: 'Compute a deadline' }).click();
  // Russia worked no Saturday and rested on 4 November 2026: ten working days from Monday
  // 2 November end on Tuesday 17 November, Moscow time.
  await page.getByRole('status').filter({ hasText: 'Due by 2026-11-17 23:59 +03:00' }).waitFor();
  await audit(page, 'calendars');

  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('heading', { name: 'Staff and API tokens' }).waitFor();
  await page.getByLabel('What it is for').fill('CRM export');
  await page.getByRole('checkbox', { name: 'viewer' }).check();
  await page.getByLabel('Days until it expires (empty: never)').fill('30');
  await page.getByRole('button', { name: 'Issue a token' }).click();
  const issued = page.getByRole('status').filter({ hasText: 'Token “CRM export” issued' });
  await issued.waitFor();
  assert.match(await issued.textContent(), /tut_[A-Za-z0-9_-]{43}/, 'the secret is shown once');
  await audit(page, 'staff-tokens');
  await page.getByRole('button', { name: 'Revoke: CRM export' }).click();
  await page.getByRole('heading', { name: 'Staff and API tokens' }).waitFor();
  const row = page.locator('tr').filter({ hasText: 'CRM export' });
  assert.match(await row.textContent(), /Revoked/);
  await page.context().close();
});

test('a privacy officer registers an incident, reads the Russian draft for Roskomnadzor and records it as sent', async () => {
  const page = await newPage();
  await signInAs(page, 'kursy');
  await page.getByRole('link', { name: 'Incidents' }).click();
  await page.getByRole('heading', { level: 1, name: 'Security incidents' }).waitFor();
  await audit(page, 'incidents');

  const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000).toISOString().slice(0, 16);
  await page.getByLabel('What happened').fill('A laptop with an unencrypted export of students was stolen.');
  await page.getByLabel('When it was discovered (UTC)').fill(twoHoursAgo);
  await page.getByLabel('Data categories affected (comma-separated)').fill('identity.name, contact.email');
  await page.getByLabel('Estimated number of subjects affected').fill('340');
  await page.getByLabel('Likely to result in a high risk to the subjects').check();
  await page.getByRole('button', { name: 'Register an incident' }).click();
  await page.getByRole('heading', { level: 1, name: /^INC-\d{4}-\d{6}$/ }).waitFor();
  const first = page.locator('section').filter({ hasText: 'Send Roskomnadzor the first notice of the incident' });
  assert.match(await first.locator('dl').textContent(), /152-FZ art\. 21\(3\.1\)\(1\)/);
  await first.getByText('Draft (ru)').click();
  assert.match(await first.locator('pre').textContent(), /^Кому: Roskomnadzor/);
  assert.match(await first.locator('pre').textContent(), /340/);
  await audit(page, 'incident');

  await first.getByLabel('How it was sent').fill("Roskomnadzor's web form");
  await first.getByRole('button', { name: 'Record as sent now' }).click();
  await page.getByRole('heading', { level: 1, name: /^INC-/ }).waitFor();
  const sent = page.locator('section').filter({ hasText: 'Send Roskomnadzor the first notice of the incident' });
  assert.match(await sent.locator('dl').textContent(), /Roskomnadzor's web form/);
  assert.match(await sent.locator('dl').textContent(), /Met/, 'the 24-hour clock is met');
  await page.context().close();
});

test('a privacy officer sees a destruction due on the schedule and runs it, with its act', async () => {
  const page = await newPage();
  await signInAs(page, 'kursy');
  await page.getByRole('link', { name: 'Destruction' }).click();
  await page.getByRole('heading', { level: 1, name: 'Destruction schedule' }).waitFor();
  const row = page.locator('tr').filter({ has: page.getByRole('link', { name: '7', exact: true }) });
  assert.match(await row.textContent(), /due now/, 'the demo withdrawal of 26 days ago is due');
  assert.match(await row.textContent(), /152-FZ art\. 21\(5\)/);
  await audit(page, 'retention');
  await page.getByRole('button', { name: 'Run the due destructions now' }).click();
  const status = page.getByRole('status').filter({ hasText: 'One destruction was run.' });
  await status.waitFor();
  assert.match(await status.textContent(), /complete · KUR-\d{4}-\d{6} · KUR-\d{4}-\d{6}\/1/, 'run as an erasure request with its act');
  assert.equal(await page.getByRole('link', { name: '7', exact: true }).count(), 0, 'the met clock leaves the schedule');
  await page.context().close();
});

test('a listener signs up, cancels in no more clicks than signing up took, takes it back, pauses, closes the account and restores it, and cancels without signing in', async () => {
  const page = await newPage('en-GB');
  await page.goto(`${base}/portal/tunewave/sign-in?lang=en`);
  await page.getByLabel('Your e-mail address').fill('meera.patel1@rediff.example');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByLabel('The code we e-mailed to you (6 digits)').fill(await codeFromOutbox('tunewave'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Your subscription' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your subscription' }).waitFor();
  await audit(page, 'portal-subscription-plans');

  // Every click a listener makes is counted from here.
  let clicks = 0;
  const click = async (locator) => { clicks += 1; await locator.click(); };
  await click(page.getByRole('link', { name: /Choose Premium Individual/ }));
  await page.getByLabel('Your e-mail address').fill('meera.patel1@rediff.example');
  await audit(page, 'portal-subscribe');
  await click(page.getByRole('button', { name: 'Start subscription' }));
  await page.getByRole('status').filter({ hasText: 'Your subscription has started' }).waitFor();
  const signUpClicks = clicks;
  const heading = await page.getByRole('heading', { level: 2, name: /Premium Individual · SUB-\d{6}/ }).textContent();
  const reference = heading.match(/SUB-\d{6}/)[0];
  assert.equal((await page.locator('.status').first().textContent()).trim(), 'Active');

  clicks = 0;
  await click(page.getByRole('link', { name: 'Cancel subscription' }));
  await page.getByRole('heading', { name: 'What cancelling means' }).waitFor();
  const consequences = await page.locator('main ul').first().textContent();
  assert.ok(consequences.includes('nothing more is charged') && consequences.includes('close your account'), consequences);
  await audit(page, 'portal-cancel');
  await click(page.getByRole('button', { name: 'Confirm cancellation' }));
  await page.getByRole('status').filter({ hasText: 'Your subscription is cancelled' }).waitFor();
  assert.ok(clicks <= signUpClicks, `cancelling took ${clicks} clicks, signing up ${signUpClicks}`);
  assert.equal((await page.locator('.status').first().textContent()).trim(), 'Cancelled, access until the end of the period');
  assert.ok((await page.locator('details summary').first().textContent()).includes('Cancelled at the end of the period'),
    'the receipt is listed with what it confirms');

  await page.getByRole('button', { name: 'Keep my subscription' }).click();
  await page.getByRole('status').filter({ hasText: 'Your subscription continues' }).waitFor();
  await page.getByLabel('Pause for').selectOption('14');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Your subscription is paused' }).waitFor();
  assert.equal((await page.locator('.status').first().textContent()).trim(), 'Paused');

  await page.getByRole('link', { name: 'Close your account' }).click();
  await page.getByRole('button', { name: 'Close my account' }).click();
  assert.match(page.url(), /\/me\/account\/close$/, 'closing needs the second confirmation ticked');
  await audit(page, 'portal-close');
  await page.getByLabel('I understand that my account and data will be erased.').check();
  await page.getByRole('button', { name: 'Close my account' }).click();
  await page.getByText(/Your account will be closed on \d{4}-\d{2}-\d{2}/).waitFor();
  await audit(page, 'portal-closing');
  await page.getByRole('button', { name: 'Restore my account' }).click();
  await page.getByRole('status').filter({ hasText: 'Your account is restored' }).waitFor();
  await page.context().close();

  // Cancelling without signing in: the address and reference, then the e-mailed link.
  const visitor = await newPage('en-GB');
  await visitor.goto(`${base}/portal/tunewave?lang=en`);
  await visitor.getByRole('link', { name: 'Cancel without signing in' }).click();
  await visitor.getByLabel('Your e-mail address').fill('meera.patel1@rediff.example');
  await visitor.getByLabel('Subscription reference').fill(reference);
  await visitor.getByRole('button', { name: 'Send me a cancellation link' }).click();
  await visitor.getByRole('status').filter({ hasText: 'a link to cancel it is on its way' }).waitFor();
  await audit(visitor, 'portal-cancel-ask');
  const staff = await newPage();
  await signInAs(staff, 'tunewave');
  await staff.goto(`${base}/console/outbox`);
  const link = await staff.locator('a.cancel-link').first().getAttribute('href');
  await staff.getByRole('link', { name: 'Subscriptions', exact: true }).click();
  await staff.getByRole('heading', { level: 1, name: 'Subscriptions and accounts' }).waitFor();
  const listed = await staff.locator('main table').nth(1).textContent();
  for (const status of ['In trial', 'Active', 'Paused', 'Cancelled, access until the end of the period', 'Cancelled', 'Ended']) {
    assert.ok(listed.includes(status), `the demo has a subscription that is ${status}`);
  }
  assert.ok(listed.includes(reference), 'the listener\'s own subscription is listed');
  assert.ok((await staff.locator('main table').nth(2).textContent()).includes('pending'), 'accounts in their grace');
  await audit(staff, 'console-subscriptions');
  await staff.getByRole('button', { name: 'Run what is due now' }).click();
  await staff.getByRole('status').waitFor();
  await staff.context().close();
  await visitor.goto(`${link}?lang=en`);
  await visitor.getByRole('heading', { name: 'What cancelling means' }).waitFor();
  await visitor.getByLabel('Why are you leaving? (optional)').selectOption('price');
  await visitor.getByRole('button', { name: 'Confirm cancellation' }).click();
  await visitor.getByText('Your subscription is cancelled').waitFor();
  await visitor.goto(`${link}?lang=en`);
  await visitor.getByText('it was used already').waitFor();
  await visitor.context().close();
});

test('a service clerk records an engineer\'s arrival against the on-site promise, and the customer sees their device, warranty and promised times', async () => {
  const page = await newPage();
  await signInAs(page, 'pumpcare');
  await page.getByRole('link', { name: 'Service desk' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Service desk' }).waitFor();
  const open = page.locator('main table').first();
  const dues = await open.locator('tbody tr td:nth-child(4) time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')));
  assert.deepEqual(dues, [...dues].sort((a, b) => Date.parse(a) - Date.parse(b)), 'open tickets, closest to breach first');
  assert.ok((await open.textContent()).includes('emergency'), 'the emergency is open');
  assert.ok((await page.locator('table.attainment').textContent()).includes('Engineer on site'), 'attainment by promise');
  await audit(page, 'console-service');
  await page.getByLabel('Serial number', { exact: true }).fill('PC-SZ-5001');
  await page.getByLabel('Product line').fill('pump');
  await page.getByLabel('Model', { exact: true }).fill('BA-350');
  await page.getByLabel('Region (prd, guangdong, other)').fill('prd');
  await page.getByLabel('Site address').fill('Bao\'an District, Shenzhen');
  await page.getByLabel('Delivered and installed on').fill('2026-12-01');
  await page.getByRole('button', { name: 'Register the device' }).click();
  await page.locator('table.devices').getByRole('cell', { name: 'PC-SZ-5001' }).waitFor();
  await page.getByLabel('Device (serial number)').fill('PC-YN-3001');
  await page.getByLabel('Safety emergency').check();
  await page.getByLabel('What the customer reported').fill('Water on the floor of the pump room');
  await page.getByRole('button', { name: 'Open the ticket' }).click();
  await page.getByRole('heading', { level: 1, name: /Water on the floor/ }).waitFor();
  assert.ok((await page.locator('main p').first().textContent()).includes('emergency'), 'the emergency policy applies in Yunnan');
  await page.goto(`${base}/console/service`);
  await page.locator('main table').first().getByRole('link', { name: /^TKT-/ }).filter({ hasText: 'TKT-000001' }).click();
  await page.getByRole('heading', { level: 1, name: /TKT-000001/ }).waitFor();
  const onSite = page.locator('tr.target').filter({ hasText: 'Engineer on site' });
  assert.ok((await onSite.textContent()).includes('Running') || (await onSite.textContent()).includes('Due soon'));
  await page.getByLabel('What happened').selectOption('arrived');
  await page.getByLabel('Note').fill('Engineer Wang');
  await page.getByRole('button', { name: 'Record what happened' }).click();
  await page.getByRole('cell', { name: 'Engineer Wang' }).waitFor();
  assert.ok((await onSite.textContent()).includes('Met'), 'the arrival meets the on-site promise');
  await audit(page, 'console-ticket');
  await page.context().close();

  const customer = await newPage();
  await customer.goto(`${base}/portal/pumpcare/sign-in?lang=en`);
  await customer.getByLabel('Your e-mail address').fill('zhou.min@factory.example');
  await customer.getByRole('button', { name: 'Send me a code' }).click();
  await customer.getByLabel('The code we e-mailed to you (6 digits)').fill(await codeFromOutbox('pumpcare'));
  await customer.getByRole('button', { name: 'Sign in' }).click();
  await customer.getByRole('link', { name: 'Your devices and service' }).click();
  await customer.getByRole('heading', { level: 2, name: 'BA-200 · PC-PRD-1001' }).waitFor();
  assert.match(await customer.locator('.warranty').first().textContent(), /Under warranty until \d{4}-\d{2}-\d{2} \(letter 2/);
  const promises = await customer.locator('main').textContent();
  assert.ok(promises.includes('Engineer on site by') && promises.includes('Met'), 'the customer sees the promise kept');
  assert.ok(promises.includes('Wang Lei: Cleaned the intake filter') && promises.includes('you pay 0.00 CNY'), 'the report, free');
  await audit(customer, 'portal-devices');
  await customer.getByLabel('Your name, to confirm the work was done as reported').fill('Zhou Min');
  await customer.getByRole('button', { name: 'Confirm the service report' }).click();
  await customer.getByRole('status').filter({ hasText: 'the service report is confirmed' }).waitFor();
  assert.match(await customer.locator('.confirmed').first().textContent(), /Confirmed by Zhou Min on \d{4}-/);
  await customer.context().close();

  // The clerk closes the confirmed ticket, which starts the call-back, and records it.
  const clerk = await newPage();
  await signInAs(clerk, 'pumpcare');
  await clerk.goto(`${base}/console/service/tickets/TKT-000001`);
  assert.ok((await clerk.locator('.confirmed').textContent()).includes('Zhou Min'));
  await clerk.getByRole('button', { name: 'Close the ticket' }).click();
  await clerk.getByLabel("Customer's satisfaction (1 to 5)").selectOption('5');
  await clerk.getByRole('button', { name: 'Record the call-back' }).click();
  await clerk.locator('.satisfaction').filter({ hasText: '5/5' }).waitFor();
  assert.equal((await clerk.locator('.status').textContent()).trim(), 'Closed');
  await audit(clerk, 'console-ticket-closed');
  await clerk.context().close();
});
