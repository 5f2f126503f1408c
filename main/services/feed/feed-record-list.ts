/**
 * The records of a checked feed file as the sync applies them: what the
 * merge compares (id, SIRET, folded name, place) is kept for every record,
 * and each record is read whole again from the downloaded file when its
 * supplier is written. A national snapshot's 100,000 records, parsed, weigh
 * over a hundred megabytes; held for the whole apply, they were the largest
 * part of the sync's memory, and the garbage collector let them stay.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { mergeName } from '../../../shared/catalogue/merge-suppliers';
import type { Supplier } from '../../../shared/model';
import { parseMember } from './split-feed-json';

/** What the merge compares in a record (shared/catalogue/merge-suppliers.ts). */
export interface RecordKeys {
  /** Null when the record has none (or an empty one). */
  siret: string | null;
  nameFolded: string;
  lat: number;
  lon: number;
}

export function recordKeys(record: Supplier): RecordKeys {
  return {
    siret: typeof record.siret === 'string' && record.siret !== '' ? record.siret : null,
    nameFolded: mergeName(record.name),
    lat: record.location.lat,
    lon: record.location.lon,
  };
}

/**
 * Records by position, no two with the same id: their id and keys at once,
 * each whole record on demand.
 */
export interface RecordList {
  readonly length: number;
  id(index: number): string;
  keys(index: number): RecordKeys;
  /** The whole record; read again at each call, so the caller lets it go once used. */
  load(index: number): Supplier;
}

/** Bytes read from a file at a time: records are mostly read in the file's order. */
const WINDOW_BYTES = 1 << 20;

/**
 * A downloaded file read again by byte range. The file is opened when this
 * is made, before it is checked, so that the bytes read again are the ones
 * checked even if something renames another file over its name.
 */
export class FileBytes {
  private fd: number | null;
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;
  private windowLength = 0;

  /** `windowBytes`: read at a time (tests make it small). */
  constructor(
    readonly path: string,
    private readonly windowBytes = WINDOW_BYTES,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** Bytes [start, end) of the file; valid until the next call. */
  read(start: number, end: number): Buffer {
    if (this.fd === null) throw new Error(`${this.path}: read after close`);
    if (start < this.windowStart || end > this.windowStart + this.windowLength) {
      const length = Math.max(end - start, this.windowBytes);
      if (this.window.length < length) this.window = Buffer.allocUnsafe(length);
      this.windowStart = start;
      this.windowLength = readSync(this.fd, this.window, 0, length, start);
      if (this.windowLength < end - start) {
        throw new Error(`${this.path}: ends before byte ${end}, checked earlier`);
      }
    }
    return this.window.subarray(start - this.windowStart, end - this.windowStart);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.window = Buffer.alloc(0);
  }
}

/**
 * The checked records of one feed file, in order. Given the file to read
 * them from, only their keys and byte ranges are held; without it (a file
 * checked in memory, or one that had to be parsed whole), the records.
 */
export class FeedRecordList implements RecordList {
  // Sized once for the records the file announces (arrays that grow leave
  // their old copies to the garbage collector); numbers outside the JS heap.
  private readonly ids: string[];
  private readonly sirets: (string | null)[];
  private readonly names: string[];
  private readonly places: Float64Array;
  private readonly ranges: Float64Array;
  private readonly records: Supplier[] = [];
  private count = 0;

  /** `capacity`: the most records the list will hold. */
  constructor(
    private readonly file: FileBytes | null,
    readonly capacity: number,
  ) {
    this.ids = new Array<string>(capacity);
    this.sirets = new Array<string | null>(capacity);
    this.names = new Array<string>(capacity);
    this.places = new Float64Array(capacity * 2);
    this.ranges = new Float64Array(file ? capacity * 2 : 0);
  }

  get length(): number {
    return this.count;
  }

  /** Adds a checked record; `range` is where it lies in the file, null when parsed whole. */
  push(record: Supplier, range: [number, number] | null): void {
    const index = this.count;
    if (index >= this.capacity) throw new RangeError('FeedRecordList.push: list full');
    if (this.file && !range) {
      throw new Error('FeedRecordList.push: a record read from a file needs its range');
    }
    const keys = recordKeys(record);
    this.ids[index] = record.id;
    this.sirets[index] = keys.siret;
    this.names[index] = keys.nameFolded;
    this.places[index * 2] = keys.lat;
    this.places[index * 2 + 1] = keys.lon;
    if (this.file && range) {
      this.ranges[index * 2] = range[0];
      this.ranges[index * 2 + 1] = range[1];
    } else {
      this.records.push(record);
    }
    this.count += 1;
  }

  id(index: number): string {
    return this.at(this.ids, index);
  }

  keys(index: number): RecordKeys {
    this.at(this.ids, index);
    return {
      siret: this.sirets[index] ?? null,
      nameFolded: this.at(this.names, index),
      lat: this.places[index * 2] as number,
      lon: this.places[index * 2 + 1] as number,
    };
  }

  load(index: number): Supplier {
    if (!this.file) return this.at(this.records, index);
    this.at(this.ids, index);
    const start = this.ranges[index * 2] as number;
    const end = this.ranges[index * 2 + 1] as number;
    const record = parseMember(this.file.read(start, end), [0, end - start]) as Supplier;
    // The bytes were checked before: another record here means the file changed since.
    if (record?.id !== this.id(index)) {
      throw new Error(
        `${this.file.path}: record ${index} is no longer ${this.id(index)}`,
      );
    }
    return record;
  }

  /** Every record, parsed (for callers that want them all at once). */
  all(): Supplier[] {
    return Array.from({ length: this.length }, (_, i) => this.load(i));
  }

  private at<T>(list: readonly T[], index: number): T {
    const value = index < this.count ? list[index] : undefined;
    if (value === undefined) throw new RangeError(`record ${index} of ${this.length}`);
    return value;
  }
}
