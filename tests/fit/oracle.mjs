// The oracle for runload's FIT decoder: Garmin's official FIT JavaScript SDK (@garmin/fitsdk) decodes a
// file and prints, as one JSON object, the values the C++ side is compared with
// (tests/store/fit_oracle_test.cpp). Numbers only: no type-to-string or date conversion, so
// manufacturer and sport stay profile numbers and date_time values stay FIT seconds.
// Usage: node oracle.mjs FILE.fit
import { readFileSync } from "node:fs";
import { Decoder, Stream } from "@garmin/fitsdk";

const FIT_EPOCH_UNIX_S = 631065600;
const bytes = readFileSync(process.argv[2]);
const decoder = new Decoder(Stream.fromByteArray(bytes));
const out = { isFIT: decoder.isFIT(), checkIntegrity: decoder.checkIntegrity() };
const { messages, errors } = decoder.read({ convertTypesToStrings: false, convertDateTimesToDates: false });
out.errors = errors.map((e) => String(e.message ?? e));

const seconds = (v) => (v === undefined ? null : v);
const fileId = messages.fileIdMesgs?.[0] ?? {};
out.fileId = {
  manufacturer: fileId.manufacturer ?? null,
  product: fileId.product ?? null,
  serialNumber: fileId.serialNumber ?? null,
  timeCreated: seconds(fileId.timeCreated),
};
const pick = (m, name) => (m[name] === undefined ? null : m[name]);
// Developer field names by key, and the records with their timestamps, for the per-span means.
const names = {};
for (const d of messages.fieldDescriptionMesgs ?? []) names[d.key] = d.fieldName;
const records = messages.recordMesgs ?? [];
const devValue = (r, wanted) => {
  for (const [key, value] of Object.entries(r.developerFields ?? {})) {
    if (names[key] === wanted && Number.isFinite(value)) return value;
  }
  return undefined;
};
// Means over the records in [startTime, end] of a session or lap, field by field, over the records
// that carry a value (runload: FitRecordMeans).
const recordMeans = (m) => {
  // The span ends at the timestamp, or after the elapsed time when the timestamp is not after the start
  // (FR965 writes the start there).
  const start = m.startTime;
  const end = m.timestamp !== undefined && m.timestamp > start ? m.timestamp : start + (m.totalElapsedTime ?? 0);
  const fields = {
    power: (r) => r.power, verticalOscillation: (r) => r.verticalOscillation, stanceTime: (r) => r.stanceTime,
    verticalRatio: (r) => r.verticalRatio, stanceTimeBalance: (r) => r.stanceTimeBalance, stepLength: (r) => r.stepLength,
    devPower: (r) => devValue(r, "Power"), devGroundTime: (r) => devValue(r, "Ground Time"),
    devVerticalOscillation: (r) => devValue(r, "Vertical Oscillation"),
    devLegSpringStiffness: (r) => devValue(r, "Leg Spring Stiffness"),
  };
  const out = {};
  for (const [name, get] of Object.entries(fields)) {
    let sum = 0, n = 0;
    if (start !== undefined) {
      for (const r of records) {
        if (r.timestamp === undefined || r.timestamp < start || r.timestamp > end) continue;
        const v = get(r);
        if (v === undefined || v === null || !Number.isFinite(v)) continue;
        sum += v;
        n += 1;
      }
    }
    out[name] = n > 0 ? sum / n : null;
  }
  return out;
};
const summary = (s) => ({
  startTime: pick(s, "startTime"),
  timestamp: pick(s, "timestamp"),
  sport: pick(s, "sport"),
  subSport: pick(s, "subSport"),
  totalElapsedTime: pick(s, "totalElapsedTime"),
  totalTimerTime: pick(s, "totalTimerTime"),
  totalDistance: pick(s, "totalDistance"),
  totalCycles: pick(s, "totalCycles"),
  avgCadence: pick(s, "avgCadence"),
  avgFractionalCadence: pick(s, "avgFractionalCadence"),
  avgSpeed: s.enhancedAvgSpeed ?? pick(s, "avgSpeed"),
  avgPower: pick(s, "avgPower"),
  avgVerticalOscillation: pick(s, "avgVerticalOscillation"),
  avgStanceTime: pick(s, "avgStanceTime"),
  avgStanceTimeBalance: pick(s, "avgStanceTimeBalance"),
  avgVerticalRatio: pick(s, "avgVerticalRatio"),
  avgStepLength: pick(s, "avgStepLength"),
  recordMeans: recordMeans(s),
});
out.sessions = (messages.sessionMesgs ?? []).map(summary);
out.lapSummaries = (messages.lapMesgs ?? []).map(summary);
const activity = messages.activityMesgs?.[0];
out.activity = activity ? { timestamp: pick(activity, "timestamp"), localTimestamp: pick(activity, "localTimestamp") } : null;
out.records = (messages.recordMesgs ?? []).length;
out.laps = (messages.lapMesgs ?? []).length;
// Developer fields of records, by field name: how many records carry a value, and their sum.
out.recordDeveloperFields = {};
for (const r of messages.recordMesgs ?? []) {
  for (const [key, value] of Object.entries(r.developerFields ?? {})) {
    const name = names[key];
    if (name === undefined || !Number.isFinite(value)) continue;  // runload reads NaN floats as invalid
    const series = (out.recordDeveloperFields[name] ??= { count: 0, sum: 0 });
    series.count += 1;
    series.sum += value;
  }
}
out.fitEpochUnixS = FIT_EPOCH_UNIX_S;
process.stdout.write(JSON.stringify(out) + "\n");
