/** JAGS: the business unit's requests, sessions and figures, and participants' feedback form. */
export const JAGS_VERBS = {
  jagsHome: 'jags.home',
  jagsRequestForm: 'jags.request.form',
  jagsLogRequest: 'jags.request.log',
  jagsSessionForm: 'jags.session.form',
  jagsLogSession: 'jags.session.log',
  jagsSession: 'jags.session',
  jagsQuarter: 'jags.quarter',
  jagsExport: 'jags.export',
  jagsFeedbackOpen: 'jags.feedback.open',
  jagsFeedbackNavigate: 'jags.feedback.navigate',
  jagsFeedbackSubmit: 'jags.feedback.submit',
} as const;
