/** The model card's account of the linear heads' search: what was tried and why each head's winner won. */
import type { Trained } from './train';

const f3 = (x: number) => x.toFixed(3);
const settingText = (s: { loss: string; l2: number; classWeight: string }) =>
  `${s.loss === 'hinge' ? 'squared hinge' : 'logistic'}, L2 ${s.l2}${s.classWeight === 'none' ? '' : `, ${s.classWeight} class weights`}`;

/** One line: each head's chosen setting and epoch. */
export function linearChoice(t: Pick<Trained, 'linear'>): string {
  return Object.entries(t.linear.chosen)
    .map(([h, c]) => `${h}: ${settingText(c.setting)}, epoch ${c.epoch}${c.averaged ? ' (averaged weights)' : ''}`)
    .join('; ');
}

/** The "What was tried" section: every trial's validation score per head, the winner marked, and why. */
export function linearTried(t: Pick<Trained, 'linear' | 'heads' | 'memoryFree'>): string {
  const heads = t.heads.filter((h) => h.kind === 'single').map((h) => h.name);
  const { trials, chosen, sampleRows, trainRows } = t.linear;
  const rows = trials.map((trial) => {
    const cells = heads.map((h) => {
      const s = trial.scores[h];
      if (!s) return '–';
      const won = chosen[h] && JSON.stringify(chosen[h].setting) === JSON.stringify(trial.setting);
      return `${won ? '**' : ''}${f3(s.score)} (epoch ${s.epoch}${s.averaged ? ', averaged' : ''})${won ? '**' : ''}`;
    });
    return `| ${settingText(trial.setting)} | ${cells.join(' | ')} | ${trial.seconds.toFixed(0)} s |`;
  });
  const why = heads
    .map((h) => {
      const c = chosen[h]!;
      const others = trials
        .filter((x) => JSON.stringify(x.setting) !== JSON.stringify(c.setting) && x.scores[h])
        .sort((a, b) => b.scores[h]!.score - a.scores[h]!.score);
      const runnerUp = others[0];
      return `- **${h}**: ${settingText(c.setting)}, epoch ${c.epoch}${c.averaged ? ' (averaged weights)' : ''}, validation score ${f3(c.score)}${
        runnerUp ? `; the runner-up (${settingText(runnerUp.setting)}) scored ${f3(runnerUp.scores[h]!.score)}` : ''
      }.`;
    })
    .join('\n');
  return `## What was tried (linear heads)
Each head's loss (logistic or squared hinge, the linear SVM's loss), L2 strength and class weighting were chosen on the
validation split, with early stopping on the epochs; after each epoch from the second on, both the last weights and
their average over the steps since the first epoch (averaged SGD) are scored, and the better is kept. The score is the validation accuracy, averaged with the accuracy
on the new validation tickets when there are at least 30. The L2 range widens until each head's best value lies inside
it, then the half steps around it are tried; class weights are tried at each head's best.${
    sampleRows < trainRows
      ? ` The trials ran on a seeded sample of ${sampleRows} of the ${trainRows} training rows; the chosen settings were then trained on all of them.`
      : ''
  }${
    t.linear.refitRows
      ? ` The shipped heads were then refitted on the training and validation rows together (${t.linear.refitRows} rows), each for its chosen epochs; the figures, the blend and the calibration are those of the run that held the validation rows out.`
      : ''
  }

| setting | ${heads.join(' | ')} | time |
|---|${heads.map(() => '---|').join('')}---|
${rows.join('\n')}

Why the winners won:
${why}
${
  t.memoryFree
    ? `\nNo head blends the memory's vote in (blend weight 0 validated best) and the calibration applies as many tickets without\nthe memory's nearest similarity: classification skips the memory altogether.\n`
    : ''
}`;
}
