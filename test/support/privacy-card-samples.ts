import { personAskCard, personEraseConfirmCard, personErasedCard, personEraseUnfinishedCard, personFoundCard } from '../../adaptive-cards/features/privacy/privacy.js';
import { JAGS_UNLINKED } from '../../services/features/jags/personal-data.js';
import type { PersonReport } from '../../services/privacy/privacy.js';
import type { CardSample } from './card-samples.js';

/**
 * "A person's data": a South LSCG member who is also her organisation's Section 11 lead and went
 * to a JAGS session asks for her data and then for it to be erased. The wording is the holders'
 * own (each holder's personal-data.ts in services); the integration test checks it through the real server.
 */
export const PRIVACY_EMAIL = 'helen.bradley@nchc.nhs.uk';
export const PRIVACY_DOWNLOAD_URL = 'https://nscp-engage.azurewebsites.net/exports/7hQbX2m0m8mBv4VnJq3b3pS1dQm2q3lJ3yZ9o2Lq8Qw';

export const PRIVACY_REPORT: PersonReport = {
  email: PRIVACY_EMAIL,
  total: 17,
  sources: [
    {
      source: 'people',
      holdings: [
        { what: 'Roster entry (email, name, organisation, groups)', count: 1, onErase: 'removed: they get no more reminders or forms' },
        { what: 'Teams app installation (Teams ids, tenant, name, the chat the bot writes to)', count: 1, onErase: 'removed: the bot can no longer message them' },
      ],
    },
    { source: 'deliveries', holdings: [{ what: 'Messages the bot sent or queued to them (what kind, when, whether it arrived)', count: 9, onErase: 'removed; any not yet sent are not sent' }] },
    {
      source: 'meetings',
      holdings: [
        { what: 'Their replies to LSCG meetings (attending, apologies, deputy)', count: 3, onErase: 'removed' },
        { what: 'Replies by others naming them as the deputy', count: 1, onErase: 'their name replaced by "(erased)"; the other person\'s reply is kept' },
      ],
    },
    { source: 'section11', holdings: [{ what: 'Section 11 returns marked with their name ("draft last changed by", "submitted by")', count: 1, onErase: 'their name replaced by "(erased)"; the organisation\'s return is kept' }] },
    { source: 'jags', holdings: [{ what: 'JAGS sessions they were listed at as a participant (their email on the session)', count: 1, onErase: 'their email removed from the session; still counted as invited' }] },
  ],
  unlinked: [JAGS_UNLINKED],
};

export function privacySamples(): CardSample[] {
  const nothing: PersonReport = { email: 'no.one@nchc.nhs.uk', total: 0, sources: [], unlinked: [JAGS_UNLINKED] };
  return [
    { name: 'privacy-ask', card: personAskCard() },
    { name: 'privacy-ask-error', card: personAskCard({ value: 'helen.bradley at nchc', error: '"helen.bradley at nchc" is not an email address. Give one address, e.g. jo.bloggs@norfolk.gov.uk.' }) },
    { name: 'privacy-found', card: personFoundCard(PRIVACY_REPORT) },
    { name: 'privacy-found-download', card: personFoundCard(PRIVACY_REPORT, { downloadUrl: PRIVACY_DOWNLOAD_URL }) },
    { name: 'privacy-found-nothing', card: personFoundCard(nothing) },
    { name: 'privacy-erase-confirm', card: personEraseConfirmCard(PRIVACY_REPORT) },
    { name: 'privacy-erased', card: personErasedCard(PRIVACY_REPORT) },
    { name: 'privacy-erase-unfinished', card: personEraseUnfinishedCard(PRIVACY_EMAIL) },
  ];
}
