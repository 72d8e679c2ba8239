import type { Clock } from '../../clock.js';
import type { Meeting, Meetings } from './meetings.js';
import type { People, Person } from '../../people/people.js';
import { removeAll } from '../../retention/retention.js';
import type { Collection, Store } from '../../store/store.js';
import { str, UserFacingError } from '../../validation.js';
import { isMeetingMember, NOT_A_MEMBER } from './membership.js';

export type RsvpResponse = 'attending' | 'apologies' | 'deputy';

export const RSVP_LABELS: Record<RsvpResponse, string> = {
  attending: 'Attending',
  apologies: 'Apologies',
  deputy: 'Sending a deputy',
};

export interface Rsvp {
  /** The person's id: one answer per person per meeting, the latest wins. */
  id: string;
  meetingId: string;
  response: RsvpResponse;
  deputyName?: string;
  respondedAt: string;
}

const MAX_DEPUTY_NAME = 100;

/** Replies to meeting reminders. One small file per meeting, so a press writes only that meeting's answers. */
export class Rsvps {
  constructor(
    private readonly store: Store,
    private readonly meetings: Meetings,
    private readonly people: People,
    private readonly clock: Clock,
  ) {}

  private answers(meetingId: string): Promise<Collection<Rsvp>> {
    return this.store.collection<Rsvp>(`rsvps/${meetingId}`);
  }

  async forMeeting(meetingId: string): Promise<Rsvp[]> {
    return (await this.answers(meetingId)).values();
  }

  async of(meetingId: string, personId: string): Promise<Rsvp | undefined> {
    return (await this.answers(meetingId)).get(personId);
  }

  /** Every meeting's answers, including those of meetings no longer kept. */
  private async everyMeeting(): Promise<Array<Collection<Rsvp>>> {
    return Promise.all((await this.store.listPartitions('rsvps')).map((name) => this.store.collection<Rsvp>(name)));
  }

  /** One person's own answers, and answers by others that name them as the deputy. */
  async about(personId: string, isTheirName: (name: string | undefined) => boolean): Promise<{ own: Rsvp[]; asDeputy: Rsvp[] }> {
    const own: Rsvp[] = [];
    const asDeputy: Rsvp[] = [];
    for (const c of await this.everyMeeting()) {
      for (const r of c.values()) {
        if (r.id === personId) own.push(r);
        else if (isTheirName(r.deputyName)) asDeputy.push(r);
      }
    }
    return { own, asDeputy };
  }

  /** Removes their own answers; where someone else named them as deputy, the name becomes `erased` and the answer stays. */
  async erase(personId: string, isTheirName: (name: string | undefined) => boolean, erased: string): Promise<{ own: number; asDeputy: number }> {
    let own = 0;
    let asDeputy = 0;
    for (const c of await this.everyMeeting()) {
      for (const r of c.values()) {
        if (r.id === personId) {
          await c.remove(r.id);
          own++;
        } else if (isTheirName(r.deputyName)) {
          await c.put({ ...r, deputyName: erased });
          asDeputy++;
        }
      }
    }
    return { own, asDeputy };
  }

  /** Retention: every answer to one meeting. */
  async removeMeeting(meetingId: string): Promise<number> {
    return removeAll(await this.answers(meetingId));
  }

  /** Checks who is answering and what, then stores the answer durably before returning. */
  async record(teamsUserId: string, data: unknown): Promise<{ meeting: Meeting; person: Person; rsvp: Rsvp }> {
    const meetingId = str(data, 'meetingId');
    const response = str(data, 'response') as RsvpResponse;
    if (!meetingId) throw new UserFacingError('This card does not say which meeting it is for. Open your upcoming meetings and reply from there.');
    if (!Object.hasOwn(RSVP_LABELS, response)) throw new UserFacingError('Choose Attending, Apologies or Sending a deputy.');
    const meeting = this.meetings.get(meetingId);
    if (!meeting) throw new UserFacingError('That meeting no longer exists.', 'not-found');
    if (meeting.status === 'cancelled') throw new UserFacingError('That meeting has been cancelled, so no reply is needed.', 'closed');
    if (Date.parse(meeting.startsAt) <= this.clock.now().getTime()) throw new UserFacingError('That meeting has already started, so replies are closed.', 'closed');
    const person = this.people.personFor(teamsUserId);
    if (!person || !isMeetingMember(this.meetings, this.people, meeting, teamsUserId)) throw new UserFacingError(NOT_A_MEMBER, 'forbidden');
    let deputyName: string | undefined;
    if (response === 'deputy') {
      // Shown on other people's cards: characters that cards read as formatting or links are dropped.
      deputyName = str(data, 'deputyName').replace(/[*_[\]()<>`~#|\\]/g, '').replace(/\s+/g, ' ').trim();
      if (!deputyName) throw new UserFacingError('Give the name of the deputy you are sending.');
      if (deputyName.length > MAX_DEPUTY_NAME) throw new UserFacingError(`The deputy's name is too long: at most ${MAX_DEPUTY_NAME} characters.`);
    }
    const rsvp: Rsvp = { id: person.id, meetingId, response, deputyName, respondedAt: this.clock.now().toISOString() };
    await (await this.answers(meetingId)).put(rsvp);
    return { meeting, person, rsvp };
  }
}
