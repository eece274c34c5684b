// Reads GET /metrics as a scraper would: every line must have one of the shapes of the Prometheus text
// exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/), or it is a problem.
import type { App } from '../../src/app.js';

export interface Sample { name: string; labels: Record<string, string>; value: number }

export interface Exposition {
  samples: Sample[];
  /** Metric family → its # TYPE. */
  types: Map<string, string>;
  /** Lines that break the format, and families whose samples do not add up; empty for a valid text. */
  problems: string[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
// Prometheus reads a value with Go's strconv.ParseFloat, which takes NaN and Inf in any case; prom-client
// writes NaN as "Nan" (lib/util.js), so the case of those two is not held against it.
const VALUE = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[nN][aA][nN]|[+-][iI][nN][fF]';
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
const HELP_LINE = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const ONE_LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export async function scrape(app: App, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string; text: string }> {
  const res = await fetch(`${app.url}/metrics`, { headers });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

export async function metricsOf(app: App): Promise<Exposition> {
  const { status, text } = await scrape(app);
  if (status !== 200) throw new Error(`GET /metrics answered ${status}`);
  return parseExposition(text);
}

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const problems: string[] = [];
  if (!text.endsWith('\n')) problems.push('the text does not end with a line feed');
  for (const line of text.split('\n')) {
    if (line === '' || HELP_LINE.test(line)) continue;
    const type = TYPE_LINE.exec(line);
    if (type) {
      if (types.has(type[1]!)) problems.push(`second # TYPE for ${type[1]}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = SAMPLE_LINE.exec(line);
    if (!m) { problems.push(`not a sample, # HELP or # TYPE line: ${line}`); continue; }
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(ONE_LABEL)].map((l) => [l[1]!, l[2]!]));
    const value = parseValue(m[3]!);
    const sample = { name: m[1]!, labels, value };
    if (!familyOf(sample.name, types)) problems.push(`sample before its # TYPE: ${line}`);
    samples.push(sample);
  }
  problems.push(...histogramProblems(samples, types));
  return { samples, types, problems };
}

function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf') return Infinity;
  return lower === '-inf' ? -Infinity : Number(text);
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return types.get(base) === 'histogram' || types.get(base) === 'summary' ? base : undefined;
}

/** Buckets of each series cumulative, and the +Inf bucket equal to _count (what PromQL's histogram_quantile relies on). */
function histogramProblems(samples: Sample[], types: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le: _le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const counts = buckets.map((b) => b.value);
      if (counts.some((c, i) => i > 0 && c < counts[i - 1]!)) problems.push(`${family}${key}: buckets not cumulative`);
      const inf = buckets.find((b) => b.labels.le === '+Inf');
      const count = samples.find((x) => x.name === `${family}_count` && JSON.stringify(x.labels) === key);
      if (!inf || !count || inf.value !== count.value) problems.push(`${family}${key}: +Inf bucket is not _count`);
    }
  }
  return problems;
}

/** The value of the one sample with that name and (at least) these labels; undefined when there is none. */
export function valueOf(e: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = e.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
