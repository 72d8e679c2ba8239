import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CardRenderError,
  assertNoCardErrors,
  checkCardStructure,
  formatCardIssues,
  startCardRenderer,
  type CardRenderer,
} from '../support/card-renderer.js';

/** A card that exercises everything the harness reports on. */
function validCard(): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'LSCG North: meeting reminder', size: 'large', weight: 'bolder', wrap: true },
      { type: 'Input.Text', id: 'comment', label: 'Comment for the chair', placeholder: 'Optional' },
      {
        type: 'ActionSet',
        actions: [
          { type: 'Action.Execute', title: 'Attending', verb: 'rsvp', data: { answer: 'yes' }, style: 'positive' },
          {
            type: 'Action.ShowCard',
            title: 'Send apologies',
            card: {
              type: 'AdaptiveCard',
              body: [{ type: 'Input.Text', id: 'reason', label: 'Reason', isRequired: true, errorMessage: 'Please give a reason' }],
              actions: [{ type: 'Action.Execute', title: 'Confirm apologies', verb: 'rsvp', data: { answer: 'no' } }],
            },
          },
        ],
      },
    ],
  };
}

describe('card renderer harness (adaptivecards in headless Chromium)', function () {
  this.timeout(60000);
  let renderer: CardRenderer;

  before(async function () {
    this.timeout(60000);
    renderer = await startCardRenderer();
  });

  after(async function () {
    await renderer?.close();
  });

  it('renders a valid Teams card with no errors and reports text, inputs and actions', async () => {
    const result = await renderer.render(validCard());
    assert.deepEqual(result.errors, [], formatCardIssues(result));
    assert.match(result.text, /LSCG North: meeting reminder/);
    assert.match(result.text, /Comment for the chair/);
    assert.deepEqual(result.inputIds, ['comment', 'reason']);
    assert.deepEqual(result.actionTitles, ['Attending', 'Send apologies', 'Confirm apologies']);
    const execute = result.actions.filter((a) => a.type === 'Action.Execute');
    assert.deepEqual(
      execute.map((a) => [a.title, a.verb, a.inShowCard]),
      [
        ['Attending', 'rsvp', false],
        ['Confirm apologies', 'rsvp', true],
      ],
    );
    assert.deepEqual(execute[0]?.data, { answer: 'yes' });
    assert.equal(result.version, '1.5');
    assert.ok(result.html.includes('ac-adaptiveCard'), 'html is the rendered card');
    assert.ok(result.size.width > 400 && result.size.height > 50, `rendered size ${JSON.stringify(result.size)}`);
    // Collapsed Action.ShowCard content is not visible, but is in allText.
    assert.doesNotMatch(result.text, /Reason/);
    assert.match(result.allText, /LSCG North[\s\S]*Reason[\s\S]*Confirm apologies/);
    assertNoCardErrors(result);
  });

  it('reports an unknown element type (typo) as an error', async () => {
    const card = validCard();
    (card.body as unknown[]).push({ type: 'TextBlok', text: 'typo' });
    const result = await renderer.render(card);
    assert.ok(result.errors.some((e) => /UnknownElementType/.test(e) && /TextBlok/.test(e)), formatCardIssues(result));
    assert.throws(() => assertNoCardErrors(result, 'typo card'), CardRenderError);
  });

  it('reports an unknown action type as an error', async () => {
    const card = { ...validCard(), actions: [{ type: 'Action.Excute', title: 'Oops' }] };
    const result = await renderer.render(card);
    assert.ok(result.errors.some((e) => /UnknownActionType/.test(e)), formatCardIssues(result));
  });

  it('reports a card version newer than the renderer supports as an error', async () => {
    const result = await renderer.render({ ...validCard(), version: '9.9' });
    assert.ok(result.errors.some((e) => /UnsupportedCardVersion/.test(e)), formatCardIssues(result));
  });

  it('honours maxVersion (e.g. pin to what Teams supports)', async () => {
    const ok = await renderer.render({ ...validCard(), version: '1.5' }, { maxVersion: '1.5' });
    assert.deepEqual(ok.errors, [], formatCardIssues(ok));
    const tooNew = await renderer.render({ ...validCard(), version: '1.6' }, { maxVersion: '1.5' });
    assert.ok(tooNew.errors.some((e) => /UnsupportedCardVersion/.test(e)), formatCardIssues(tooNew));
  });

  it('reports a missing card version as an error', async () => {
    const card = validCard();
    delete card.version;
    const result = await renderer.render(card);
    assert.ok(result.errors.some((e) => /version/.test(e)), formatCardIssues(result));
  });

  it('reports an input without an id as an error', async () => {
    const card = validCard();
    (card.body as unknown[]).push({ type: 'Input.Text', label: 'No id here' });
    const result = await renderer.render(card);
    assert.ok(result.errors.some((e) => /Input\.Text/.test(e) && /Id/i.test(e)), formatCardIssues(result));
  });

  it('reports missing required properties and duplicate ids as errors', async () => {
    const card = validCard();
    (card.body as unknown[]).push(
      { type: 'TextBlock' },
      { type: 'Input.Text', id: 'comment', label: 'Duplicate' },
      { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'No url' }] },
    );
    const result = await renderer.render(card);
    assert.ok(result.errors.some((e) => /MissingRequiredProperty/.test(e) && /TextBlock/.test(e)), formatCardIssues(result));
    assert.ok(result.errors.some((e) => /DuplicateId/.test(e)), formatCardIssues(result));
    assert.ok(result.errors.some((e) => /"url"/.test(e)), formatCardIssues(result));
  });

  it('reports invalid JSON structure and invalid property values as errors', async () => {
    const notArray = await renderer.render({ ...validCard(), body: { type: 'TextBlock', text: 'not in an array' } });
    assert.ok(notArray.errors.some((e) => /NotAnArray/.test(e)), formatCardIssues(notArray));

    const stringEntry = await renderer.render({ ...validCard(), body: ['just a string'] });
    assert.ok(stringEntry.errors.some((e) => /NotAnObject/.test(e)), formatCardIssues(stringEntry));

    const wrongRoot = await renderer.render({ ...validCard(), type: 'Card' });
    assert.ok(wrongRoot.errors.some((e) => /MissingCardType/.test(e)), formatCardIssues(wrongRoot));

    const badEnum = await renderer.render({ ...validCard(), body: [{ type: 'TextBlock', text: 'x', size: 'huge' }] });
    assert.ok(badEnum.errors.some((e) => /InvalidPropertyValue/.test(e)), formatCardIssues(badEnum));

    const notJson = await renderer.render({ ...validCard(), body: [{ type: 'TextBlock', text: 'x', when: new Date(0) }] });
    assert.ok(notJson.errors.some((e) => /NotJson/.test(e)), formatCardIssues(notJson));

    assert.ok(checkCardStructure([]).some((i) => i.severity === 'error'));
  });

  it('warns (without failing) about properties the renderer ignores, e.g. typos', async () => {
    const result = await renderer.render({ ...validCard(), body: [{ type: 'TextBlock', text: 'x', wieght: 'bolder' }] });
    assert.deepEqual(result.errors, [], formatCardIssues(result));
    assert.ok(result.warnings.some((w) => /"wieght"/.test(w)), formatCardIssues(result));
  });

  it('fails when there are more than maxActions (6) card actions', async () => {
    const actions = Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Execute', title: `A${i}`, verb: 'v' }));
    const result = await renderer.render({ ...validCard(), actions });
    assert.ok(result.errors.some((e) => /TooManyActions/.test(e)), formatCardIssues(result));
  });

  it('writes a PNG screenshot of the card, and refuses to screenshot a broken card', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'card-shot-'));
    try {
      const file = join(dir, 'nested', 'card.png');
      const result = await renderer.screenshot(validCard(), file, { scale: 1 });
      assert.deepEqual(result.errors, []);
      const png = await readFile(file);
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      // IHDR width/height: the card element, 450 CSS px wide at scale 1.
      assert.equal(png.readUInt32BE(16), 450);
      assert.ok(png.readUInt32BE(20) > 100);

      const broken = { ...validCard(), body: [{ type: 'TextBlok', text: 'typo' }] };
      await assert.rejects(renderer.screenshot(broken, join(dir, 'broken.png')), CardRenderError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
