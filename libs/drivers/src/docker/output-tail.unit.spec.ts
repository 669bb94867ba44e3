import { OutputTail } from './output-tail';

describe('OutputTail', () => {
  it('keeps everything under its limit', () => {
    const tail = new OutputTail(100);
    tail.push(Buffer.from('hello '));
    tail.push(Buffer.from('world'));
    expect(tail.result()).toEqual({ text: 'hello world', droppedBytes: 0 });
  });

  it('keeps exactly the last bytes and counts the dropped ones, whatever the chunking', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(40);
    for (const size of [1, 3, 7, 64, 2000]) {
      const tail = new OutputTail(50);
      for (let at = 0; at < text.length; at += size)
        tail.push(Buffer.from(text.slice(at, at + size)));
      expect(tail.result()).toEqual({ text: text.slice(-50), droppedBytes: text.length - 50 });
    }
  });

  it('never holds much more than its limit', () => {
    const tail = new OutputTail(1000);
    for (let i = 0; i < 10_000; i += 1) tail.push(Buffer.alloc(100, 'x'));
    const held = (tail as unknown as { held: number }).held;
    expect(held).toBeLessThanOrEqual(1100);
  });

  it('starts on a whole character when the cut falls inside one', () => {
    const tail = new OutputTail(5);
    // '€' is three bytes; the last five bytes of 'a€€' start inside the first '€'.
    tail.push(Buffer.from('a€€'));
    expect(tail.result()).toEqual({ text: '€', droppedBytes: 4 });
  });
});
