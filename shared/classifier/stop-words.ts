/**
 * Words that are no evidence: English and German function words, greetings and ticket
 * boilerplate, and anything with a digit. Used only for the explanation (the model reads them).
 */
const EN = `a about above after again against all also am an and any are as at be because been before being below between both but by can
cannot could did do does doing down during each either few for from further get got had has have having he her here hers him his how i if in
into is it its itself just let me more most my myself no nor not now of off on once only or other our ours out over own please same she should
so some such than thank thanks that the their theirs them then there these they this those through to too under until up upon us very was we
were what when where which while who whom why will with would you your yours yourself hello hi dear regards best kind team sincerely greetings
could would may might must shall also however therefore since via per etc already still yet really much many every`;
const DE = `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei bin bis bist da damit
dann das dass dein deine dem den der des dessen dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen
einer eines er es etwas euch euer eure für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren
ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jetzt kann kein keine können könnte machen man manche mein meine mich mir mit
muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine selbst sich sie sind so solche soll sollte sondern sonst über um und
uns unser unsere unter viel vom von vor war waren warst was weg weil weiter welche wenn werde werden wie wieder will wir wird wirst wo wollen
wollte würde würden zu zum zur zwar zwischen bitte danke vielen dank hallo guten tag sehr geehrte geehrter geehrtes damen herren freundlichen
grüßen grüße gruß mfg liebe lieber beste wurde wurden worden sei seien wäre wären hätte hätten bereits schon immer mehr`;

const STOP_WORDS: ReadonlySet<string> = new Set(`${EN} ${DE}`.split(/\s+/).filter(Boolean));

/** True for words that can be evidence: not a stop word, no digit, at least two letters. */
export function isEvidenceWord(word: string): boolean {
  return word.length >= 2 && !/\p{N}/u.test(word) && !STOP_WORDS.has(word);
}
