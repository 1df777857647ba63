import type { AreaInput } from '../../domain/areas/area-rows.ts';
import type { DemoPerson } from './demo-people.ts';
import type { Rng } from './demo-random.ts';

/**
 * What the organization and station generators need to know about the volunteers already
 * generated, kept compact (typed arrays) so a million of them fit in memory comfortably.
 */
export class Census {
  readonly community: Int32Array;
  readonly age: Uint8Array;
  readonly student: Uint8Array;
  readonly names: string[];
  readonly phones: string[];

  constructor(readonly count: number) {
    this.community = new Int32Array(count);
    this.age = new Uint8Array(count);
    this.student = new Uint8Array(count);
    this.names = new Array(count);
    this.phones = new Array(count);
  }

  record(p: DemoPerson) {
    this.community[p.index] = p.communityIndex;
    this.age[p.index] = p.age;
    this.student[p.index] = p.student ? 1 : 0;
    this.names[p.index] = p.input.name;
    this.phones[p.index] = p.input.phone;
  }
}

/** The area tree with the lookups the generators use; communities keep their code order. */
export class AreaBook {
  readonly byCode: Map<string, AreaInput>;
  readonly communities: AreaInput[];
  readonly streets: AreaInput[];
  readonly districts: AreaInput[];
  readonly city: AreaInput;

  constructor(areas: AreaInput[]) {
    this.byCode = new Map(areas.map((a) => [a.code, a]));
    const sorted = [...areas].sort((a, b) => (a.code < b.code ? -1 : 1));
    this.communities = sorted.filter((a) => a.level === 'community');
    this.streets = sorted.filter((a) => a.level === 'street');
    this.districts = sorted.filter((a) => a.level === 'district');
    this.city = sorted.find((a) => a.level === 'city') ?? sorted[0];
  }

  name(code: string): string {
    return this.byCode.get(code)?.name ?? '';
  }

  /** '上城区清波街道湖滨社区': the names from the district down to the area. */
  fullName(code: string): string {
    return [6, 9, 12]
      .filter((n) => code.length >= n)
      .map((n) => this.name(code.slice(0, n)))
      .join('');
  }

  /** The office that files and approves an organization of this area. */
  office(code: string): string {
    if (code.length <= 4) return '杭州市志愿服务工作委员会';
    if (code.length === 6) return `${this.name(code)}文明办`;
    return `${this.name(code.slice(0, 9))}志愿服务工作站`;
  }

  childrenOf(code: string): AreaInput[] {
    const level = code.length <= 4 ? this.districts : code.length === 6 ? this.streets : this.communities;
    return level.filter((a) => a.parentCode === code);
  }
}

/**
 * Volunteers grouped by where they live: the ones of any area are one slice of a list sorted
 * by community, so drawing members near an organization costs a lookup, not a scan.
 */
export class VolunteerPool {
  private readonly sorted: Int32Array;
  private readonly offsets: Int32Array;
  private readonly ranges = new Map<string, [number, number]>();

  constructor(
    readonly census: Census,
    private readonly book: AreaBook,
  ) {
    const communities = book.communities.length;
    this.offsets = new Int32Array(communities + 1);
    for (let i = 0; i < census.count; i++) this.offsets[census.community[i] + 1]++;
    for (let c = 0; c < communities; c++) this.offsets[c + 1] += this.offsets[c];
    const next = this.offsets.slice(0, communities);
    this.sorted = new Int32Array(census.count);
    for (let i = 0; i < census.count; i++) this.sorted[next[census.community[i]]++] = i;
  }

  /** The [start, end) slice of volunteers living under an area code. */
  private range(code: string): [number, number] {
    let range = this.ranges.get(code);
    if (!range) {
      const list = this.book.communities;
      const first = list.findIndex((c) => c.code.startsWith(code));
      let last = first;
      while (last >= 0 && last < list.length && list[last].code.startsWith(code)) last++;
      range = first < 0 ? [0, 0] : [this.offsets[first], this.offsets[last]];
      this.ranges.set(code, range);
    }
    return range;
  }

  size(code: string): number {
    const [start, end] = this.range(code);
    return end - start;
  }

  /** A volunteer living under `code`; with `prefer`, a few draws are spent looking for a fitting one. */
  pick(rng: Rng, code: string, prefer?: (volunteer: number) => boolean): number {
    const [start, end] = this.range(code);
    let v = this.sorted[start + Math.floor(rng.next() * (end - start))];
    for (let tries = 0; prefer && !prefer(v) && tries < 8; tries++) v = this.sorted[start + Math.floor(rng.next() * (end - start))];
    return v;
  }
}
