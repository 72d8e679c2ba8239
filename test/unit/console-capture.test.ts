import assert from 'node:assert/strict';
import sinon from 'sinon';
import { captureConsoleErrors } from '../../bot/console-capture.js';

describe('console.error capture around botbuilder token checks', () => {
  let printed: sinon.SinonStub;
  beforeEach(() => {
    printed = sinon.stub(console, 'error');
  });
  afterEach(() => printed.restore());

  it('sends console.error calls made inside the work to the sink, not to the console', async () => {
    const sink = sinon.spy();
    const result = await captureConsoleErrors(async () => {
      await new Promise((r) => setImmediate(r));
      console.error('Error finding key for token', 42);
      return 'done';
    }, sink);
    assert.equal(result, 'done');
    assert.deepEqual(sink.firstCall.args, ['Error finding key for token', 42]);
    assert.equal(printed.callCount, 0);
  });

  it('lets calls from outside the work through while it runs, and puts console.error back afterwards', async () => {
    const sink = sinon.spy();
    let finish!: () => void;
    const running = captureConsoleErrors(() => new Promise<void>((r) => (finish = r)), sink);
    assert.notEqual(console.error, printed, 'replaced while the work runs');
    console.error('from elsewhere');
    assert.deepEqual(printed.firstCall.args, ['from elsewhere']);
    finish();
    await running;
    assert.equal(sink.callCount, 0);
    assert.equal(console.error, printed, 'restored');
  });

  it('restores console.error when the work fails, and passes the failure on', async () => {
    await assert.rejects(captureConsoleErrors(() => Promise.reject(new Error('jwt not active')), () => undefined), /jwt not active/);
    assert.equal(console.error, printed);
  });

  it('keeps overlapping captures apart and restores only when the last one ends', async () => {
    const a = sinon.spy();
    const b = sinon.spy();
    let endA!: () => void;
    const first = captureConsoleErrors(async () => {
      await new Promise<void>((r) => (endA = r));
      console.error('a');
    }, a);
    await captureConsoleErrors(async () => console.error('b'), b);
    assert.notEqual(console.error, printed, 'still replaced: the first capture is running');
    endA();
    await first;
    assert.deepEqual([a.firstCall.args, b.firstCall.args, a.callCount, b.callCount], [['a'], ['b'], 1, 1]);
    assert.equal(printed.callCount, 0);
    assert.equal(console.error, printed);
  });
});
