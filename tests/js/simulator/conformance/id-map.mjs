// Recorded ids and simulator ids: the same object has different ids on the recorded site and in
// the simulator. The mapping is learned where both answered with an id at the same place, and
// used to rewrite later requests. A recorded id seen with two different simulator ids (or the
// reverse) means the simulator did not behave like the recording.

export class IdMap {
  constructor() {
    this.toSim = new Map();
    this.toRecorded = new Map();
  }

  has(recorded) {
    return this.toSim.has(recorded);
  }

  /** The simulator id of a recorded id, or the id itself when nothing was learned about it. */
  sim(recorded) {
    return this.toSim.has(recorded) ? this.toSim.get(recorded) : recorded;
  }

  /** Records that `recorded` is `sim`; returns a problem text on a contradiction, else null. */
  observe(recorded, sim, where = '') {
    if (this.toSim.has(recorded)) {
      const known = this.toSim.get(recorded);
      return known === sim ? null : `${where}: recorded id ${recorded} is simulator id ${known}, but here ${sim}`;
    }
    if (this.toRecorded.has(sim)) {
      return `${where}: simulator id ${sim} already stands for recorded id ${this.toRecorded.get(sim)}, here for ${recorded}`;
    }
    this.toSim.set(recorded, sim);
    this.toRecorded.set(sim, recorded);
    return null;
  }
}
