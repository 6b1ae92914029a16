import { fails, table, U } from './harness';

table('upper', [
  ['ASCII', ['hello'], 'HELLO'],
  ['accented letters', ['héllo'], 'HÉLLO'],
  ['a number converts to a string', [5], '5'],
  ['a bool converts to a string', [true], 'TRUE'],
  ['the empty string', [''], ''],
  ['a letter whose upper case is two letters', ['straße'], U],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
  ['a tuple is rejected', [[1]], fails(/string required/)],
  ['two arguments', ['a', 'b'], fails(/expects 1/)],
]);

table('lower', [
  ['ASCII', ['HELLO'], 'hello'],
  ['accented letters', ['ÀÉ'], 'àé'],
  ['every sigma maps alike, as in Go', ['ΣΑΣ'], 'σασ'],
  ['a letter whose lower case is two code points', ['İ'], U],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('title', [
  ['words separated by spaces', ['hello world'], 'Hello World'],
  ['punctuation separates words, underscores do not', ['hello-world_foo bar'], 'Hello-World_foo Bar'],
  ['an apostrophe separates words', ["o'neil"], "O'Neil"],
  ['accented letters', ['élan vital'], 'Élan Vital'],
  ['already capitalized', ['HELLO'], 'HELLO'],
  ['the empty string', [''], ''],
  ['a digraph whose title case is not its upper case', ['ǆemal'], U],
  ['an unknown', [U], U],
  ['a tuple is rejected', [['a']], fails(/string required/)],
]);

table('trimspace', [
  ['spaces, tabs and newlines', ['  hello \n\t'], 'hello'],
  ['Unicode spaces', ['\u00a0x\u3000'], 'x'],
  ['a byte order mark is not space', ['\ufeffx'], '\ufeffx'],
  ['inner space is kept', [' a b '], 'a b'],
  ['the empty string', [''], ''],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('trim', [
  ['characters from the cutset', ['?!hello?!', '!?'], 'hello'],
  ['an empty cutset', ['abc', ''], 'abc'],
  ['everything', ['aaa', 'a'], ''],
  ['code points, not bytes', ['ééxé', 'é'], 'x'],
  ['an unknown', [U, 'a'], U],
  ['a null cutset is rejected', ['a', null], fails(/must not be null/)],
]);

table('trimprefix', [
  ['a present prefix', ['helloworld', 'hello'], 'world'],
  ['an absent prefix', ['helloworld', 'x'], 'helloworld'],
  ['only once', ['aab', 'a'], 'ab'],
  ['an unknown prefix', ['a', U], U],
  ['null is rejected', [null, 'a'], fails(/must not be null/)],
]);

table('trimsuffix', [
  ['a present suffix', ['helloworld', 'world'], 'hello'],
  ['an empty suffix', ['x', ''], 'x'],
  ['only once', ['abb', 'b'], 'ab'],
  ['an unknown', [U, 'b'], U],
  ['an object is rejected', [{}, 'a'], fails(/string required/)],
]);

table('chomp', [
  ['a newline', ['hello\n'], 'hello'],
  ['a Windows newline', ['hello\r\n'], 'hello'],
  ['several newlines', ['hello\n\n\r\n'], 'hello'],
  ['inner newlines are kept', ['a\nb'], 'a\nb'],
  ['nothing to remove', ['hello'], 'hello'],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('indent', [
  ['indents every line but the first', [2, 'a\nb\nc'], 'a\n  b\n  c'],
  ['zero spaces', [0, 'a\nb'], 'a\nb'],
  ['a string number of spaces', ['1', 'a\nb'], 'a\n b'],
  ['negative spaces', [-1, 'a\nb'], fails(/negative/)],
  ['fractional spaces', [1.5, 'a'], fails(/whole number/)],
  ['an unknown', [2, U], U],
]);

table('strrev', [
  ['ASCII', ['hello'], 'olleh'],
  ['combining characters stay attached', ['noe\u0308l'], 'lëon'],
  ['an emoji sequence stays whole', ['💃🏿x'], 'x💃🏿'],
  ['an unknown', [U], U],
  ['a tuple is rejected', [[]], fails(/string required/)],
]);

table('substr', [
  ['from the start', ['hello', 0, 2], 'he'],
  ['from an offset', ['hello', 1, 3], 'ell'],
  ['length -1 takes the rest', ['hello', 1, -1], 'ello'],
  ['any negative length takes the rest', ['hello', 1, -10], 'ello'],
  ['a length beyond the end', ['hello', 1, 10], 'ello'],
  ['a negative offset counts from the end', ['hello', -3, -1], 'llo'],
  ['a negative offset with a length', ['hello', -3, 2], 'll'],
  ['an offset beyond the end', ['hello', 10, 10], ''],
  ['zero length', ['hello', 0, 0], ''],
  ['zero length after a negative offset keeps the rest, as Terraform does', ['hello', -1, 0], 'o'],
  ['combining characters count as one', ['noe\u0308l', 0, 3], 'noë'],
  ['a negative offset with combining characters', ['noe\u0308l', -2, -1], 'ël'],
  ['emoji', ['😸😾', 1, 1], '😾'],
  ['a fractional offset', ['hello', 0.5, 1], fails(/whole number/)],
  ['an unknown string', [U, 0, 1], U],
  ['an unknown length', ['hello', 0, U], U],
]);

table('join', [
  ['with a separator', ['-', ['a', 'b']], 'a-b'],
  ['numbers and bools convert', [',', [1, true]], '1,true'],
  ['several lists', [',', ['a'], ['b', 'c']], 'a,b,c'],
  ['an empty list', [',', []], ''],
  ['no lists', [','], fails(/at least one list/)],
  ['an unknown element', [',', ['a', U]], U],
  ['a null element', [',', ['a', null]], fails(/element 1 is null/)],
  ['a null element in a later list', [',', ['a'], [null]], fails(/element 0 of list 2 is null/)],
  ['an unknown separator', [U, ['a']], U],
  ['a string instead of a list', [',', 'a'], fails(/list of string required/)],
]);

table('split', [
  ['on a separator', [',', 'a,b,c'], ['a', 'b', 'c']],
  ['empty parts are kept', [',', ',a,'], ['', 'a', '']],
  ['the empty string', [',', ''], ['']],
  ['an empty separator splits code points', ['', 'a😸'], ['a', '😸']],
  ['an empty separator on the empty string', ['', ''], []],
  ['a multi-character separator', ['::', 'a::b'], ['a', 'b']],
  ['an unknown', [',', U], U],
  ['null is rejected', [null, 'a'], fails(/must not be null/)],
]);

table('replace', [
  ['every occurrence', ['hello world', 'o', '0'], 'hell0 w0rld'],
  ['no occurrence', ['abc', 'x', 'y'], 'abc'],
  ['an empty search inserts around every character', ['abc', '', '-'], '-a-b-c-'],
  ['an empty search on the empty string', ['', '', '-'], '-'],
  ['dots are literal', ['a.b.c', '.', '-'], 'a-b-c'],
  ['a lone slash is literal', ['a/b', '/', '-'], 'a-b'],
  ['dollar signs are literal in plain replacement', ['a', 'a', '$1'], '$1'],
  ['an unknown string', [U, 'a', 'b'], U],
  ['an unknown search', ['a', U, 'b'], U],
  ['a null replacement', ['a', 'a', null], fails(/must not be null/)],
]);

table('startswith', [
  ['a prefix', ['hello', 'he'], true],
  ['not a prefix', ['hello', 'lo'], false],
  ['the empty prefix', ['', ''], true],
  ['an unknown string starts with the empty prefix', [U, ''], true],
  ['an unknown string', [U, 'a'], U],
  ['an unknown prefix', ['hello', U], U],
  ['null is rejected', [null, 'a'], fails(/must not be null/)],
]);

table('endswith', [
  ['a suffix', ['hello', 'lo'], true],
  ['not a suffix', ['hello', 'he'], false],
  ['an unknown string', [U, ''], U],
  ['null is rejected', ['a', null], fails(/must not be null/)],
]);

table('strcontains', [
  ['contained', ['hello', 'ell'], true],
  ['not contained', ['hello', 'x'], false],
  ['an unknown', [U, 'a'], U],
  ['null is rejected', ['a', null], fails(/must not be null/)],
]);
