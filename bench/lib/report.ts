/**
 * Writes a run's results: bench/results/<date>.json (everything, with every measurement),
 * <date>.md (one table per scenario) and <date>.svg (bars of keep-alive throughput and p99
 * per contender, drawn by hand: no chart library).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './build';
import type { BenchArgs } from './args';
import type { Cell, ScenarioResult } from './scenario';

export interface Report {
  startedAt: Date;
  seconds: number;
  args: BenchArgs;
  machine: {
    cpus: number;
    model: string;
    node: string;
    /** The Node Portico's processes ran on (`--engine-node`). */
    engineNode: string;
    pinning: string;
    loadavg: number[];
  };
  results: ScenarioResult[];
  failures: { id: string; error: string }[];
}

export function writeReport(report: Report, dir = path.join(ROOT, 'bench/results')): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.toISOString().replace(/:/g, '-').replace(/\..*$/, '');
  const base = path.join(dir, stamp);
  writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${base}.md`, markdown(report, `${stamp}.svg`));
  const chart = report.results.find((r) => r.chart?.length)?.chart;
  const files = [`${base}.json`, `${base}.md`];
  if (chart) {
    writeFileSync(`${base}.svg`, svgChart(chart, report.startedAt));
    files.push(`${base}.svg`);
  }
  return files.map((f) => path.relative(ROOT, f));
}

function cell(value: Cell): string {
  if (value === null) return '–';
  return String(value).replace(/\|/g, '\\|');
}

export function markdown(report: Report, svgName: string): string {
  const out: string[] = [
    `# Portico benchmark, ${report.startedAt.toISOString()}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.model}, Node ${report.machine.node} (Portico on ${report.machine.engineNode}); ${report.machine.pinning}.`,
    `Load average at the end: ${report.machine.loadavg.map((l) => l.toFixed(2)).join(', ')} (the machine is shared: compare ratios, not absolute numbers).`,
    `Settings: ${report.args.runs} run(s) of ${report.args.durationSec} s per measurement (medians)${report.args.quick ? ', quick mode' : ''}; took ${Math.round(report.seconds)} s.`,
    '',
  ];
  if (report.results.some((r) => r.chart?.length))
    out.push(`![throughput and p99](${svgName})`, '');
  for (const result of report.results) {
    out.push(`## ${result.title}`, '');
    out.push(
      `| ${result.columns.join(' | ')} |`,
      `| ${result.columns.map(() => '---').join(' | ')} |`,
    );
    for (const row of result.rows)
      out.push(`| ${result.columns.map((c) => cell(row[c] ?? null)).join(' | ')} |`);
    out.push('');
    for (const note of result.notes) out.push(`- ${note}`);
    if (result.notes.length) out.push('');
  }
  for (const failure of report.failures) {
    out.push(`## ${failure.id}: failed`, '', '```', failure.error.slice(0, 2000), '```', '');
  }
  return out.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Two panels side by side: req/s (higher is better) and p99 ms (lower is better). */
export function svgChart(bars: { label: string; rps: number; p99: number }[], date: Date): string {
  const width = 860;
  const height = 90 + bars.length * 34;
  const panel = (x0: number, title: string, values: number[], unit: string, color: string) => {
    const max = Math.max(...values.filter(Number.isFinite), 1e-9);
    const barMax = 250;
    const parts = [`<text x="${x0}" y="52" class="h">${esc(title)}</text>`];
    values.forEach((v, i) => {
      const y = 70 + i * 34;
      const w = Number.isFinite(v) ? Math.max(1, (v / max) * barMax) : 0;
      parts.push(
        `<text x="${x0 + 120}" y="${y + 17}" text-anchor="end">${esc(bars[i]?.label ?? '')}</text>`,
        `<rect x="${x0 + 128}" y="${y + 4}" width="${w.toFixed(1)}" height="20" fill="${color}" rx="2"/>`,
        `<text x="${x0 + 134 + w}" y="${y + 18}">${Number.isFinite(v) ? esc(format(v)) : '–'} ${unit}</text>`,
      );
    });
    return parts.join('\n');
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">
<style>.h { font-weight: 600; font-size: 14px; } text { fill: #222; }</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="24" class="h">Keep-alive GETs, 50 connections, 1 KiB: medians (${esc(date.toISOString().slice(0, 10))})</text>
${panel(
  16,
  'Throughput (req/s, higher is better)',
  bars.map((b) => b.rps),
  'req/s',
  '#3b7dd8',
)}
${panel(
  446,
  'p99 latency (ms, lower is better)',
  bars.map((b) => b.p99),
  'ms',
  '#d8843b',
)}
</svg>
`;
}

function format(v: number): string {
  return v >= 100 ? String(Math.round(v)) : v.toFixed(2);
}
