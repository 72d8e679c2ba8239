/** Section 11 returns: the business unit's cycles and status, and the leads' return. */
export const S11_VERBS = {
  s11Cycles: 's11.cycles',
  s11OpenForm: 's11.cycle.form',
  s11OpenCycle: 's11.cycle.open',
  s11Status: 's11.status',
  s11Chase: 's11.chase',
  s11Export: 's11.export',
  s11Close: 's11.close',
  s11Mine: 's11.mine',
  s11Return: 's11.return',
  s11Save: 's11.save',
  s11Navigate: 's11.navigate',
  s11Submit: 's11.submit',
  s11Edit: 's11.edit',
} as const;
