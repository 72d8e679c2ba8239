/**
 * Names a send (a delivery campaign, e.g. "meeting-<id>") by what was sent: the meeting's group
 * and date, a newsletter's title. Cards that list sends from every feature (app installations)
 * ask here, since only the feature that sent knows; each feature adds its namer when it opens.
 */
export type SendNamer = (campaign: string) => string | undefined;

export class SendNames {
  private readonly namers: SendNamer[] = [];

  add(namer: SendNamer): void {
    this.namers.push(namer);
  }

  /** What the send was, or undefined when no feature knows it (any more). */
  of(campaign: string): string | undefined {
    for (const namer of this.namers) {
      const name = namer(campaign);
      if (name) return name;
    }
    return undefined;
  }
}
