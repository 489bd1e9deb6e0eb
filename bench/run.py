#!/usr/bin/env python3
"""Measures Nära at factor 1 and factor 100 on one engine and merges the figures into
bench/results.json. Run through scripts/bench (which builds the release binary), not directly.

For each factor: the first start on an empty database, `nara generate-scale`, `nara bench-setup`,
then the server under wrk (/health, a public allocation page, the autosave of one answer with
generated editors' tokens, an aggregation view, the status board, a form section page), single
requests for the aggregation and the full Excel export (with the server's peak memory), and a
"deadline day" mix: 996 editors autosaving every 10 s and 20 analysts browsing and exporting."""
import argparse, json, os, pathlib, platform, random, re, signal, socket, statistics, subprocess, sys, tempfile, threading, time
import http.client, urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


class Server:
    def __init__(self, binary, env, cwd):
        self.binary, self.env, self.cwd, self.port, self.proc = binary, env, cwd, free_port(), None

    def start(self, timeout=600):
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                     env=self.env, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.perf_counter() - t0 < timeout:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1); c.request("GET", "/health")
                if c.getresponse().status == 200:
                    return time.perf_counter() - t0
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("the server stopped during start")
            time.sleep(0.02)
        raise RuntimeError("the server did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill(); self.proc.wait()


def wrk(url, lua=None, connections=50, duration=10, threads=2, headers=(), env=None):
    threads = min(threads, connections)
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if lua:
        cmd += ["-s", str(lua)]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, env=env).stdout

    def ms(token):
        v, unit = re.match(r"([\d.]+)(us|ms|s|m)", token).groups()
        return float(v) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
    if "Requests/sec" not in out or not re.search(r"^\s+99%", out, re.M):
        raise RuntimeError(f"wrk {url} gave no figures:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(x) for x in sock.groups())
    return {"rps": round(rps, 1), "p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "errors": errors}


def timed_get(port, path, token, repeat=1):
    times, size = [], 0
    for _ in range(repeat):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        t0 = time.perf_counter()
        c.request("GET", path, headers={"Authorization": "Bearer " + token})
        r = c.getresponse(); body = r.read()
        times.append(time.perf_counter() - t0)
        assert r.status == 200, (path, r.status, body[:300])
        size = len(body)
    return statistics.median(times), size


def export_with_memory(server, path, token):
    peak = [rss_mb(server.proc.pid)]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(server.proc.pid)); time.sleep(0.02)
    t = threading.Thread(target=sample); t.start()
    try:
        seconds, size = timed_get(server.port, path, token)
    finally:
        done.set(); t.join()
    return seconds, size, peak[0]


def export_columns(port, path, token):
    """The number of columns of a CSV export: its header line, read from the first bytes."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request("GET", path, headers={"Authorization": "Bearer " + token})
    r = c.getresponse()
    head = r.read(64 * 1024).decode("utf-8", "replace").lstrip("\ufeff")
    c.close()
    return len(head.split("\r\n")[0].split(";"))


# The survey tool's time per answer cell, measured on this machine in the same run as Nära's
# (LimeSurvey 6.4.2 on PostgreSQL, 30 000 responses × 42 columns): see docs/PERFORMANCE.md.
SURVEY_TOOL_US_PER_CELL = {"xlsx": 11.3, "csv": 6.6}


def measure_exports(out, server, setup, analyst, prefix, reports):
    """The full export of every year as a workbook and as CSV: seconds, bytes, the server's peak
    memory, and the time per cell (reports × columns) beside the survey tool's."""
    base = f"/uppfoljning/formular/{setup['form_key']}/export?ar=alla&layout=bred&format="
    columns = export_columns(server.port, base + "csv", analyst)
    for fmt in ("xlsx", "csv"):
        seconds, size, peak = export_with_memory(server, base + fmt, analyst)
        key = prefix if fmt == "xlsx" else prefix + "_csv"
        out[key + "_s"], out[key + "_bytes"], out[key + "_peak_rss_mb"] = round(seconds, 2), size, round(peak, 1)
        per_cell = seconds * 1e6 / (reports * columns)
        out[key + "_us_per_cell"] = round(per_cell, 2)
        out[key + "_ratio_to_survey_tool"] = round(per_cell / SURVEY_TOOL_US_PER_CELL[fmt], 3)
    out[prefix + "_reports"], out[prefix + "_columns"] = reports, columns


def measure_30000(engine, binary, base_env, work):
    """Exactly 30 000 reports of 60 questions on a fresh database: the full export's time and memory."""
    env = database_env(engine, "30000", base_env, work)
    subprocess.run([binary, "generate-scale", "--reports", "30000"], env=env, cwd=work, check=True, capture_output=True)
    setup_file = f"{work}/bench-30000.json"
    subprocess.run([binary, "bench-setup", "--out", setup_file], env=env, cwd=work, check=True, capture_output=True)
    setup = json.load(open(setup_file))
    server = Server(binary, env, work)
    server.start()
    out = {}
    try:
        print(f"  [{engine} 30 000 reports] exports …", file=sys.stderr)
        measure_exports(out, server, setup, setup["analysts"][0], "export_30000", 30000)
    finally:
        server.stop()
    return out


def database_env(engine, label, base_env, work):
    env = dict(base_env)
    if engine == "sqlite":
        env["DATABASE_URL"] = f"sqlite://{work}/f{label}.sqlite"
    else:
        url = urllib.parse.urlparse(base_env["DATABASE_URL"])
        name = f"nara_bench_{label}"
        admin = url._replace(path="/postgres").geturl()
        subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], check=True,
                       capture_output=True)
        env["DATABASE_URL"] = url._replace(path="/" + name).geturl()
        env["NARA_DEMO"] = "1"
    return env


def deadline_day(server, setup, duration=30):
    """996 editors each save every 10 s (evenly phased); 20 analysts browse a view every second
    and export now and then. Returns latencies, errors and the server's peak memory."""
    editors = setup["editors"]
    questions = setup["text_questions"]
    per_report, plan = {}, []
    for i, e in enumerate(editors):
        n = per_report.get(e["report"], 0); per_report[e["report"]] = n + 1
        plan.append({"token": e["token"], "report": e["report"], "question": questions[n % len(questions)], "revision": None, "id": i})
    lat, errors, lock = {"autosave": [], "view": [], "export": []}, [], threading.Lock()
    stop_at = time.perf_counter() + duration
    peak = [0.0]
    board = setup["status_board"]
    views = [f"/api/v1/followup/{setup['form_key']}/questions/s1q1?year={setup['year']}",
             f"/uppfoljning/formular/{setup['form_key']}/fragor/s1q1?ar={setup['year']}",
             f"/uppfoljning/formular/{setup['form_key']}/fragor/s1q4?ar={setup['year']}",
             board, "/uppfoljning/sok?q=samverkan", "/overenskommelser/2023"]

    def record(kind, t0, ok, what):
        with lock:
            lat[kind].append((time.perf_counter() - t0) * 1000)
            if not ok:
                errors.append(what)

    def editor_loop(group):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        start = time.perf_counter()
        k = 0
        while time.perf_counter() < stop_at:
            for e in group:
                due = start + k * 10 + (e["id"] % 1000) / 100.0
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                if time.perf_counter() >= stop_at:
                    return
                if e["revision"] is None:
                    conn.request("GET", f"/api/v1/reports/{e['report']}", headers={"Authorization": "Bearer " + e["token"]})
                    body = json.loads(conn.getresponse().read())
                    e["revision"] = next((a["revision"] for a in body["answers"] if a["question_id"] == e["question"]), 0)
                body = json.dumps({"value": f"Deadline e{e['id']} {k}", "revision": e["revision"]})
                t0 = time.perf_counter()
                try:
                    conn.request("PUT", f"/api/v1/reports/{e['report']}/answers/{e['question']}", body=body,
                                 headers={"Authorization": "Bearer " + e["token"], "Content-Type": "application/json"})
                    r = conn.getresponse(); data = r.read()
                    ok = r.status == 200
                    if ok:
                        e["revision"] = json.loads(data)["answer"]["revision"]
                    record("autosave", t0, ok, f"autosave {r.status}")
                except Exception as ex:  # a failed request is an error, not a crash of the run
                    record("autosave", t0, False, f"autosave {ex}")
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            k += 1

    def analyst_loop(token, n):
        rng = random.Random(n)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        i = 0
        while time.perf_counter() < stop_at:
            i += 1
            export = i % 15 == 0
            path = (f"/uppfoljning/formular/{setup['form_key']}/export?ar={setup['year']}&layout=bred&format=xlsx" if export
                    else rng.choice(views))
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Authorization": "Bearer " + token})
                r = conn.getresponse(); r.read()
                record("export" if export else "view", t0, r.status == 200, f"{path} {r.status}")
            except Exception as ex:
                record("export" if export else "view", t0, False, f"{path} {ex}")
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            time.sleep(1.0)

    def sampler():
        while time.perf_counter() < stop_at:
            peak[0] = max(peak[0], rss_mb(server.proc.pid)); time.sleep(0.1)

    groups = [plan[i::24] for i in range(24)]
    threads = [threading.Thread(target=editor_loop, args=(g,)) for g in groups]
    threads += [threading.Thread(target=analyst_loop, args=(t, n)) for n, t in enumerate(setup["analysts"])]
    threads.append(threading.Thread(target=sampler))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    def p(values, q):
        values = sorted(values)
        return round(values[min(len(values) - 1, int(len(values) * q))], 2) if values else None
    interactive = lat["autosave"] + lat["view"]
    return {"requests": sum(len(v) for v in lat.values()), "autosaves": len(lat["autosave"]), "views": len(lat["view"]),
            "exports": len(lat["export"]), "p99_ms": p(interactive, 0.99), "autosave_p99_ms": p(lat["autosave"], 0.99),
            "view_p99_ms": p(lat["view"], 0.99), "export_p99_ms": p(lat["export"], 0.99), "errors": len(errors),
            "error_samples": errors[:5], "server_rss_mb": round(peak[0], 1)}


def measure(engine, factor, binary, base_env, work):
    env = database_env(engine, str(factor), base_env, work)
    server = Server(binary, env, work)
    out = {}
    out["first_start_s"] = round(server.start(), 3)
    server.stop()
    t0 = time.perf_counter()
    subprocess.run([binary, "generate-scale", "--factor", str(factor)], env=env, cwd=work, check=True, capture_output=True)
    out["generate_s"] = round(time.perf_counter() - t0, 1)
    setup_file = f"{work}/bench-{factor}.json"
    subprocess.run([binary, "bench-setup", "--out", setup_file], env=env, cwd=work, check=True, capture_output=True)
    setup = json.load(open(setup_file))
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    analyst = setup["analysts"][0]
    auth = f"Authorization: Bearer {analyst}"
    editor = setup["editors"][0]
    lua_env = dict(os.environ, NARA_BENCH_FILE=setup_file, NARA_BENCH_THREADS="2")
    try:
        print(f"  [{engine} ×{factor}] wrk …", file=sys.stderr)
        health = wrk(base + "/health")
        allocation = wrk(base + "/overenskommelser/2023/fordelning/regioner")
        etag = None
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        c.request("GET", "/overenskommelser/2023/fordelning/regioner"); r = c.getresponse(); r.read()
        etag = r.getheader("ETag")
        if etag:
            out["allocation_page_304"] = wrk(base + "/overenskommelser/2023/fordelning/regioner", headers=[f"If-None-Match: {etag}"])
        autosave = wrk(base + "/", lua=ROOT / "bench/autosave.lua", env=lua_env)
        aggregation_view = wrk(base + f"/uppfoljning/formular/{setup['form_key']}/fragor/s1q1?ar={setup['year']}", headers=[auth], connections=10)
        status_board = wrk(base + setup["status_board"], headers=[auth], connections=10)
        section = wrk(base + setup["section"], headers=[f"Authorization: Bearer {editor['token']}"], connections=1)
        out["health"], out["allocation_page"], out["autosave_50"] = health, allocation, autosave
        out["aggregation_view"], out["status_board"], out["section_page_1conn"] = aggregation_view, status_board, section
        out["health_rps"], out["autosave_rps"] = health["rps"], autosave["rps"]
        out["ratio_autosave_over_health"] = round(autosave["rps"] / health["rps"], 3)
        out["autosave_p99_ms"] = autosave["p99_ms"]
        out["section_page_ms"] = section["p50_ms"]
        agg, _ = timed_get(server.port, f"/api/v1/followup/{setup['form_key']}/questions/s1q1?year={setup['year']}", analyst, repeat=9)
        out["aggregation_ms"] = round(agg * 1000, 1)
        num, _ = timed_get(server.port, f"/api/v1/followup/{setup['form_key']}/questions/s1q4?year={setup['year']}", analyst, repeat=9)
        out["number_aggregation_ms"] = round(num * 1000, 1)
        search, _ = timed_get(server.port, f"/api/v1/followup/search?q=samverkan&year={setup['year']}", analyst, repeat=5)
        out["search_ms"] = round(search * 1000, 1)
        # The national compilation of the round: every question, themes, quotes and the appendix on one page.
        # Its free-text themes are computed per question over the whole round, so it may be slow at ×100:
        # a timeout is recorded, not fatal to the rest of the run.
        try:
            compilation, _ = timed_get(server.port, f"/uppfoljning/formular/{setup['form_key']}/sammanstallning?ar={setup['year']}", analyst)
            out["compilation_s"] = round(compilation, 2)
        except (OSError, AssertionError) as e:
            out["compilation_s"] = f"failed: {e}"[:120]
        print(f"  [{engine} ×{factor}] exports …", file=sys.stderr)
        seconds, size, peak = export_with_memory(server, f"/uppfoljning/formular/{setup['form_key']}/export?ar={setup['year']}&layout=bred&format=xlsx", analyst)
        out["export_s"], out["export_bytes"], out["export_peak_rss_mb"] = round(seconds, 2), size, round(peak, 1)
        measure_exports(out, server, setup, analyst, "export_all_years", 42 * factor * 6)
        print(f"  [{engine} ×{factor}] deadline day …", file=sys.stderr)
        mix = deadline_day(server, setup)
        out["deadline_day"] = mix
        out["deadline_day_p99_ms"], out["deadline_day_errors"] = mix["p99_ms"], mix["errors"]
        out["server_rss_mb"] = mix["server_rss_mb"]
    finally:
        server.stop()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--factors", default="1,100")
    ap.add_argument("--binary", required=True)
    ap.add_argument("--skip-30000", action="store_true", help="leave out the export of exactly 30 000 reports at ×100")
    args = ap.parse_args()
    results_path = ROOT / "bench/results.json"
    results = json.load(open(results_path)) if results_path.exists() else {}
    env = dict(os.environ)
    env.pop("NARA_DEMO", None)
    with tempfile.TemporaryDirectory(prefix="nara-bench.") as work:
        for factor in [int(f) for f in args.factors.split(",")]:
            figures = measure(args.engine, factor, args.binary, env, work)
            figures["date"] = time.strftime("%Y-%m-%d")
            figures["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, " + \
                f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, {platform.system()} {platform.release()}"
            if factor == 100 and not args.skip_30000:
                try:
                    figures.update(measure_30000(args.engine, args.binary, env, work))
                except (subprocess.CalledProcessError, RuntimeError, OSError, AssertionError) as e:
                    figures["export_30000_s"] = f"failed: {e}"[:160]
            results.setdefault(args.engine, {})[str(factor)] = figures
            json.dump(results, open(results_path, "w"), indent=2, ensure_ascii=False, sort_keys=True)
    keys = ["first_start_s", "health_rps", "autosave_rps", "ratio_autosave_over_health", "autosave_p99_ms", "section_page_ms",
            "aggregation_ms", "number_aggregation_ms", "search_ms", "export_s", "export_peak_rss_mb", "export_all_years_s",
            "export_all_years_peak_rss_mb", "export_30000_s", "export_30000_peak_rss_mb", "export_30000_us_per_cell",
            "export_30000_csv_s", "export_30000_csv_us_per_cell", "deadline_day_p99_ms", "deadline_day_errors", "server_rss_mb"]
    factors = sorted(results.get(args.engine, {}), key=int)
    print(f"\n{args.engine}: " + " | ".join(f"×{f}" for f in factors))
    for k in keys:
        print(f"  {k:32s}" + "".join(f"{str(results[args.engine][f].get(k, '')):>14s}" for f in factors))


if __name__ == "__main__":
    main()
