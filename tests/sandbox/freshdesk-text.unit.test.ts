/** The sandbox's `*_text` and the model's text share one entity decoder, which never throws. */
import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from '@shared/classifier/text';
import { freshdeskText } from '../../tools/freshdesk-sandbox/text';

describe('HTML to text', () => {
  it('a numeric entity that is no code point becomes a space instead of a RangeError', () => {
    expect(() => freshdeskText('<p>a &#99999999; b &#x110000; c</p>')).not.toThrow();
    expect(freshdeskText('<p>a &#99999999; b</p>')).toBe('a   b');
    expect(decodeEntities('&#0;&#xFFFFFFFFF;')).toBe('  ');
  });

  it("keeps the sandbox's Freshdesk-like lines and the classifier's word-separating spaces", () => {
    expect(freshdeskText('<div>Hello&nbsp;<b>W</b>orld &amp; co</div><p>next</p>')).toBe('Hello W' + 'orld & co\nnext');
    expect(htmlToText('<div>Hello&nbsp;<b>W</b>orld</div>')).toBe(' Hello  W orld\n');
    expect(freshdeskText('caf&eacute; &#233;&#xE9;')).toBe('caf&eacute; éé');
  });
});
