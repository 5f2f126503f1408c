/**
 * A file cut at its supplier list, then each member parsed, must give
 * exactly what JSON.parse gives, or null (the caller then parses the file
 * whole and explains the problem) — never something else.
 */
import { describe, expect, it } from 'vitest';
import { parseMember, splitFeedJson } from '../../../main/services/feed/split-feed-json';
import { runToEnd } from '../../../main/services/run-steps';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
/** The file split, then its members parsed and put back in the list. */
const parse = (text: string, key = 'suppliers') => {
  const file = bytes(text);
  const result = runToEnd(splitFeedJson(file, key));
  if (!result || 'duplicateKey' in result) return result;
  return {
    ...result.envelope,
    [key]: result.members.map((range) => parseMember(file, range)),
  };
};

describe('splitFeedJson, then parseMember', () => {
  const same = [
    // Strings holding brackets, braces, commas, escaped quotes and backslashes.
    '{"format":"f","suppliers":[{"id":"a","name":"Café \\"les [amis], {ici}\\" \\\\"},{"id":"b"}],"n":2}',
    // Nested arrays and objects inside members, numbers and literals as members.
    '{"suppliers":[[1,[2,{"x":[3]}]],{"a":{"b":[]}},4.5e1,true,null,"s"]}',
    // Whitespace everywhere, a BOM, CRLF, the list first or last, an empty list.
    '\uFEFF {\r\n "suppliers" : [ \n {"id" : "a"} ,\t{"id":"b"}\n ] ,\r\n "cursor":"1"\n}\n',
    '{"a":{"suppliers":[9]},"suppliers":[]}',
    // Non-ASCII text: accents, the typographic apostrophe, emoji.
    '{"suppliers":[{"name":"Régie d’Égletons 🌿"}],"title":"Flux « national »"}',
    // The same word as a value, not a key.
    '{"title":"suppliers","suppliers":[1]}',
    // Runs of backslashes before quotes: even ends the string, odd escapes the quote.
    '{"suppliers":["a\\\\\\"b","\\\\","\\"\\\\\\\\\\"",{"k\\\\":"\\\\\\\\"}],"t":"\\\\"}',
  ];
  for (const text of same) {
    it(`gives what JSON.parse gives: ${text.slice(0, 40)}…`, () => {
      expect(parse(text)).toEqual(JSON.parse(text.replace(/^\uFEFF/, '')));
    });
  }

  it('reads the list of a change set under its own key', () => {
    const text = '{"upserts":[{"id":"a"}],"removals":["b"]}';
    expect(parse(text, 'upserts')).toEqual(JSON.parse(text));
  });

  const refused: [string, string][] = [
    ['an empty member', '{"suppliers":[1,,2]}'],
    ['a trailing comma', '{"suppliers":[1,2,]}'],
    ['a leading comma', '{"suppliers":[,1]}'],
    ['a list that is not an array', '{"suppliers":{"a":1}}'],
    ['no list', '{"cursor":"1"}'],
    ['an HTML page', '<!doctype html><title>Connexion</title>'],
    ['a file cut in a member', '{"suppliers":[{"id":"a"},{"id":"b'],
    ['a file cut after the list', '{"suppliers":[1],"cursor":'],
    ['garbage after the object', '{"suppliers":[1]} x'],
    ['an array at the top', '[{"suppliers":[1]}]'],
    ['an empty file', ''],
  ];
  for (const [what, text] of refused) {
    it(`gives null for ${what}`, () => {
      expect(parse(text)).toBeNull();
    });
  }

  it('names a top-level key given twice, however it is written', () => {
    expect(parse('{"suppliers":[1],"suppliers":[2]}')).toEqual({
      duplicateKey: 'suppliers',
    });
    expect(parse('{"suppliers":[1],"\\u0073uppliers":[2]}')).toEqual({
      duplicateKey: 'suppliers',
    });
    expect(parse('{"cursor":"1","suppliers":[],"cursor":"2"}')).toEqual({
      duplicateKey: 'cursor',
    });
  });

  it('leaves a member that is not JSON to parseMember, which refuses it', () => {
    expect(() => parse('{"suppliers":[{"id":"a"},{id:"b"}]}')).toThrow(SyntaxError);
  });

  it('gives null when a key is not UTF-8', () => {
    const broken = Buffer.from([
      ...bytes('{"caf'),
      0xe9,
      ...bytes('":1,"suppliers":[]}'),
    ]);
    expect(runToEnd(splitFeedJson(broken, 'suppliers'))).toBeNull();
  });
});
