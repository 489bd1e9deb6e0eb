#!/usr/bin/env python3
"""Prints bench/results.json as the Markdown tables of docs/PERFORMANCE.md, one per engine."""
import json, pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
results = json.load(open(ROOT / "bench/results.json"))


def get(r, *path):
    for p in path:
        if not isinstance(r, dict) or p not in r:
            return ""
        r = r[p]
    return r


ROWS = [
    ("/health requests/s (50 connections)", lambda r: get(r, "health_rps"), ""),
    ("public allocation page requests/s, p50 / p99 ms (50 conn.)", lambda r: f"{get(r, 'allocation_page', 'rps')}, {get(r, 'allocation_page', 'p50_ms')} / {get(r, 'allocation_page', 'p99_ms')}", "≥ 5 000, p99 < 20"),
    ("the same page revalidated (304) requests/s, p99 ms", lambda r: f"{get(r, 'allocation_page_304', 'rps')}, {get(r, 'allocation_page_304', 'p99_ms')}", ""),
    ("autosave requests/s (real writes, 50 connections)", lambda r: get(r, "autosave_rps"), ""),
    ("ratio autosave ÷ /health (same run)", lambda r: get(r, "ratio_autosave_over_health"), "≥ 0,25"),
    ("autosave p50 / p99 ms at 50 connections", lambda r: f"{get(r, 'autosave_50', 'p50_ms')} / {get(r, 'autosave_p99_ms')}", "p99 < 50"),
    ("form section page, server time ms (1 connection, p50)", lambda r: get(r, "section_page_ms"), "< 20"),
    ("aggregation view page requests/s (10 conn.), p50 ms", lambda r: f"{get(r, 'aggregation_view', 'rps')}, {get(r, 'aggregation_view', 'p50_ms')}", "p50 < 50"),
    ("status board requests/s (10 conn.), p50 ms", lambda r: f"{get(r, 'status_board', 'rps')}, {get(r, 'status_board', 'p50_ms')}", "p50 < 50"),
    ("per-question aggregation ms (API, one request)", lambda r: get(r, "aggregation_ms"), "< 20 (×1), < 500 (×100)"),
    ("number aggregation ms", lambda r: get(r, "number_aggregation_ms"), ""),
    ("free-text search ms", lambda r: get(r, "search_ms"), "< 50"),
    ("national compilation page, s", lambda r: get(r, "compilation_s"), ""),
    ("full Excel export of one year, s", lambda r: get(r, "export_s"), "< 2 (×1)"),
    ("full export, all years (reports × columns): Excel / CSV, s", lambda r: f"{get(r, 'export_all_years_s')} / {get(r, 'export_all_years_csv_s')} ({get(r, 'export_all_years_reports')} × {get(r, 'export_all_years_columns')})", "< 60 (×100)"),
    ("time per cell, Excel / CSV, µs (survey tool: 11,3 / 6,6)", lambda r: f"{get(r, 'export_all_years_us_per_cell')} / {get(r, 'export_all_years_csv_us_per_cell')}", ""),
    ("… as a share of the survey tool's, Excel / CSV", lambda r: f"{get(r, 'export_all_years_ratio_to_survey_tool')} / {get(r, 'export_all_years_csv_ratio_to_survey_tool')}", "≤ 0,33"),
    ("export of exactly 30 000 reports: Excel / CSV, s", lambda r: f"{get(r, 'export_30000_s')} / {get(r, 'export_30000_csv_s')}", "Excel < 5"),
    ("… time per cell, Excel / CSV, µs; share of the survey tool's", lambda r: f"{get(r, 'export_30000_us_per_cell')} / {get(r, 'export_30000_csv_us_per_cell')}; {get(r, 'export_30000_ratio_to_survey_tool')} / {get(r, 'export_30000_csv_ratio_to_survey_tool')}", "≤ 0,33"),
    ("… server peak memory, Excel / CSV, MB", lambda r: f"{get(r, 'export_30000_peak_rss_mb')} / {get(r, 'export_30000_csv_peak_rss_mb')}", "< 150"),
    ("server peak memory during export (one year / all years), MB", lambda r: f"{get(r, 'export_peak_rss_mb')} / {get(r, 'export_all_years_peak_rss_mb')}", "flat"),
    ("deadline day p99 ms (autosaves + views)", lambda r: get(r, "deadline_day_p99_ms"), "< 200 (×100)"),
    ("deadline day p99 ms: autosaves / views / exports (queued)", lambda r: f"{get(r, 'deadline_day', 'autosave_p99_ms')} / {get(r, 'deadline_day', 'view_p99_ms')} / {get(r, 'deadline_day', 'export_p99_ms')}", ""),
    ("deadline day errors", lambda r: get(r, "deadline_day_errors"), "0"),
    ("deadline day requests (saves / views / exports)", lambda r: f"{get(r, 'deadline_day', 'autosaves')} / {get(r, 'deadline_day', 'views')} / {get(r, 'deadline_day', 'exports')}", ""),
    ("server memory under the mix, MB", lambda r: get(r, "server_rss_mb"), "< 150 (×1)"),
    ("first start on an empty database, s", lambda r: get(r, "first_start_s"), "< 3"),
    ("generate-scale, s", lambda r: get(r, "generate_s"), ""),
]

for engine in ("sqlite", "postgres"):
    if engine not in results:
        continue
    factors = sorted(results[engine], key=int)
    print(f"### {engine}\n")
    print("| figure | " + " | ".join(f"×{f}" for f in factors) + " | target |")
    print("|---|" + "---|" * len(factors) + "---|")
    for label, fn, target in ROWS:
        print(f"| {label} | " + " | ".join(str(fn(results[engine][f])) for f in factors) + f" | {target} |")
    first = results[engine][factors[0]]
    print(f"\nMeasured {first.get('date', '')} on {first.get('machine', '')}.\n")
