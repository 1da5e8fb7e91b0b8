#!/usr/bin/env python3
"""regdefgen benchmark (issue 6); run through tests/bench/run or `make bench`.

    tests/bench/run                 the full benchmark (about 2-3 minutes)
    tests/bench/run --sizes 100,1000   only these synthetic sizes
    tests/bench/run --profile 100000   also a callgrind profile of generate at
                                       that size (slow: minutes under valgrind)

For each synthetic layout (tests/bench/synth.py: 100, 1,000, 10,000 and
100,000 registers) it times `regdefgen generate` (all three outputs, into a
fresh folder every run) and `regdefgen check`, and, on the target.xml just
generated, GDB's `maint print c-tdesc` and `xmllint --noout`.  Each command
runs 5 times (3 if one run takes over 2 s, 1 if over 15 s); the table shows
the median wall time, the peak resident set (ru_maxrss of the child, from
os.wait4) and the bytes written (size of the output files, or of stdout).
callgrind instruction counts for 1,000 and 10,000 registers show the growth
without timing noise.  Then: the six shipped layouts generated in one
invocation (median of 20), and whether a `make` with nothing changed would
do anything (make -q).

Prints one PASS/FAIL verdict line per target of issue 6.  Exits 0 whatever
the verdicts (it is a benchmark, not a test); 2 on a setup problem.
"""
import argparse
import glob
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SIZES = [100, 1000, 10000, 100000]
CALLGRIND_SIZES = [1000, 10000]
MAX_STEP = 12.0            # each 10x step in registers costs at most 12x
GEN_100K_SECONDS = 1.0
GEN_100K_MIB = 256.0
SHIPPED_MS = 20.0
TIMEOUT = 120.0            # per child process


class Run:
    def __init__(self, wall, rss_kib, cpu, out_bytes):
        self.wall, self.rss_kib, self.cpu, self.out_bytes = wall, rss_kib, cpu, out_bytes


HELPER = None              # tests/bench/rusage.c, built into the temporary folder


def build_helper(tmp):
    """Compile tests/bench/rusage.c; None (and os.wait4 here) if there is no compiler."""
    global HELPER
    exe = os.path.join(tmp, "rusage")
    cc = os.environ.get("CC") or "cc"
    p = subprocess.run([cc, "-O2", "-o", exe, os.path.join(ROOT, "tests/bench/rusage.c")],
                       capture_output=True, text=True)
    HELPER = exe if p.returncode == 0 else None
    return HELPER


def spawn(argv, stdout_path, stderr_path):
    """Run argv once: (wall s, peak RSS KiB, exit code, user+sys CPU s), from wait4()."""
    if HELPER:
        p = subprocess.run([HELPER, str(int(TIMEOUT)), stdout_path, stderr_path] + argv,
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("rusage helper failed: " + p.stderr)
        ns, rss, code, user, sys_ = p.stdout.split()
        return int(ns) / 1e9, int(rss), int(code), (int(user) + int(sys_)) / 1e9
    # Fallback: os.wait4 straight from Python.  Linux counts the RSS Python
    # had when the child called exec, so small figures read as ~15 MiB.
    exe = shutil.which(argv[0])
    if exe is None:
        raise FileNotFoundError(argv[0])
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, stdout_path, flags, 0o644),
               (os.POSIX_SPAWN_OPEN, 2, stderr_path, flags, 0o644)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(exe, argv, os.environ, file_actions=actions)
    killer = threading.Timer(TIMEOUT, lambda: os.kill(pid, signal.SIGKILL))
    killer.start()
    try:
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
    finally:
        killer.cancel()
    return wall, ru.ru_maxrss, os.waitstatus_to_exitcode(status), ru.ru_utime + ru.ru_stime


def tree_bytes(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(d, f))
    return total


class Bench:
    def __init__(self, tmp, regdefgen):
        self.tmp, self.regdefgen = tmp, regdefgen
        self.seq = 0

    def _paths(self):
        self.seq += 1
        return (os.path.join(self.tmp, "stdout.%d" % self.seq),
                os.path.join(self.tmp, "stderr.%d" % self.seq))

    def measure(self, label, make_argv, outdir=None, runs=5, count_stdout=False):
        """make_argv(i) gives the argv of run i (fresh output folder each run).
        Returns the list of Run; stops early for slow commands."""
        results = []
        i = 0
        while i < runs:
            if outdir:
                shutil.rmtree(outdir, ignore_errors=True)
            out, err = self._paths()
            wall, rss, status, cpu = spawn(make_argv(i), out, err)
            if status != 0:
                with open(err, errors="replace") as f:
                    msg = f.read()[-2000:]
                raise RuntimeError("%s failed (exit %d):\n%s" % (label, status, msg))
            nbytes = os.path.getsize(out) if count_stdout else (tree_bytes(outdir) if outdir else 0)
            results.append(Run(wall, rss, cpu, nbytes))
            os.unlink(out)
            os.unlink(err)
            if i == 0:
                runs = 1 if wall > 15 else 3 if wall > 2 else runs
            i += 1
        return results

    def callgrind(self, argv, outdir=None):
        if outdir:
            shutil.rmtree(outdir, ignore_errors=True)
        p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           timeout=600)
        m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
        if p.returncode != 0 or not m:
            raise RuntimeError("callgrind of %s failed:\n%s" % (argv, p.stderr[-2000:]))
        return int(m.group(1))


def med(runs):
    return statistics.median(r.wall for r in runs)


def cpu(runs):
    return statistics.median(r.cpu for r in runs)


def peak(runs):
    return max(r.rss_kib for r in runs) / 1024.0


def fmt_time(s):
    return "%.1f ms" % (s * 1e3) if s < 1 else "%.2f s" % s


def fmt_bytes(n):
    if n == 0:
        return "0"
    for unit, k in (("MB", 1e6), ("kB", 1e3)):
        if n >= k:
            return "%.1f %s" % (n / k, unit)
    return "%d B" % n


def ratio(a, b):
    return "%.2fx" % (a / b) if b else "-"


def make_noop(env):
    """Bring the tree up to date with make, then ask make -q whether anything is left."""
    env = {k: v for k, v in env.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    first = subprocess.run(["make", "-s", "all"], cwd=ROOT, env=env, capture_output=True, text=True)
    if first.returncode != 0:
        errs = [l for l in (first.stderr + first.stdout).splitlines() if "error" in l.lower()]
        return None, "make all failed, so nothing to measure (%s)" % (
            errs[0].strip() if errs else "exit %d" % first.returncode)
    q = subprocess.run(["make", "-q", "all"], cwd=ROOT, env=env, capture_output=True, text=True)
    n = subprocess.run(["make", "-n", "all"], cwd=ROOT, env=env, capture_output=True, text=True)
    would = [l for l in n.stdout.splitlines() if l.strip() and "Nothing to be done" not in l]
    ok = q.returncode == 0 and not would
    detail = "make -q all: exit %d; make -n all: %d command(s)%s" % (
        q.returncode, len(would), (" e.g. " + would[0]) if would else "")
    return ok, detail


def main():
    ap = argparse.ArgumentParser(description="regdefgen benchmark (issue 6)")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)),
                    help="comma-separated register counts (default %(default)s)")
    ap.add_argument("--profile", type=int, metavar="N",
                    help="also print a callgrind profile (inclusive) of generate at N registers")
    ap.add_argument("--no-make", action="store_true", help="skip the no-op make check")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    os.chdir(ROOT)
    regdefgen = os.path.abspath(os.environ.get("REGDEFGEN") or
                                os.path.join(os.environ.get("BUILD") or "build", "regdefgen"))
    if not os.access(regdefgen, os.X_OK):
        print("bench: %s not found; run make first" % regdefgen, file=sys.stderr)
        return 2
    have = {t: shutil.which(t) is not None for t in ("gdb", "xmllint", "valgrind", "callgrind_annotate")}
    for t, ok in have.items():
        if not ok:
            print("bench: %s not installed; its columns are skipped (make check installs it)" % t)

    tmp = tempfile.mkdtemp(prefix="regdefgen-bench.")
    try:
        # Measure a snapshot: the binary and the templates it finds next to
        # it (EXEDIR/../templates), so a rebuild during the run changes nothing.
        built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(regdefgen)))
        snap = os.path.join(tmp, "snap")
        os.makedirs(os.path.join(snap, "bin"))
        shutil.copy2(regdefgen, os.path.join(snap, "bin", "regdefgen"))
        shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(snap, "templates"))
        git = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip() or "?"
        print("regdefgen benchmark: %s (built %s, tree %s, measured from a copy), %s, %d CPU(s), "
              "load average %s" % (os.path.relpath(regdefgen, ROOT), built, git, os.uname().machine,
                                   os.cpu_count() or 0, loadavg()))
        return bench(args, sizes, os.path.join(snap, "bin", "regdefgen"), have, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench(args, sizes, regdefgen, have, tmp):
    t_start = time.perf_counter()
    b = Bench(tmp, regdefgen)
    ncpu = os.cpu_count() or 1
    try:
        busy = float(loadavg()) > 0.5 * ncpu
    except ValueError:
        busy = False
    if busy:
        print("WARNING: load average %s on %d CPU(s): wall times include waiting for a CPU; "
              "the CPU column and the instruction counts are the steadier figures" % (loadavg(), ncpu))
    if build_helper(tmp):
        print("median (and fastest) wall time of 5 runs (3 if a run takes > 2 s, 1 if > 15 s); "
              "peak RSS = largest ru_maxrss (wait4) of the runs")
    else:
        print("no C compiler for tests/bench/rusage.c: measuring with os.wait4 from Python, "
              "whose own RSS (~15 MiB) is the floor of every peak RSS figure")
    print()

    res = {}      # (size, tool) -> runs
    info = {}
    ir = {}       # (size, "generate"|"check") -> instructions
    for n in sizes:
        d = os.path.join(tmp, "synth_%d.json" % n)
        subprocess.run([sys.executable, os.path.join(ROOT, "tests/bench/synth.py"), str(n), d], check=True)
        out = os.path.join(tmp, "out_%d" % n)
        chk = subprocess.run([regdefgen, "check", d], capture_output=True, text=True)
        if chk.returncode != 0:
            print("bench: synthetic layout of %d registers does not pass check:\n%s" % (n, chk.stderr[-2000:]))
            return 2
        info[n] = chk.stdout.strip().split(": ok: ")[-1]
        res[n, "generate"] = b.measure("generate %d" % n, lambda i: [regdefgen, "generate", "-o", out, d], outdir=out)
        res[n, "check"] = b.measure("check %d" % n, lambda i: [regdefgen, "check", d])
        # Leave one generation in place for GDB and xmllint.
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([regdefgen, "generate", "-o", out, d], check=True)
        xml = os.path.join(out, "synth_%d" % n, "target.xml")
        if have["gdb"]:
            res[n, "gdb"] = b.measure("gdb %d" % n, lambda i: ["gdb", "-nx", "-batch", "-ex",
                                                             "maint print c-tdesc " + xml],
                                      count_stdout=True)
        if have["xmllint"]:
            res[n, "xmllint"] = b.measure("xmllint %d" % n, lambda i: ["xmllint", "--noout", xml])
        if have["valgrind"] and n in CALLGRIND_SIZES:
            ir[n, "generate"] = b.callgrind([regdefgen, "generate", "-o", out, d], outdir=out)
            ir[n, "check"] = b.callgrind([regdefgen, "check", d])
        shutil.rmtree(out, ignore_errors=True)

    # ---- main table ----
    tools = [("generate", "regdefgen generate"), ("check", "regdefgen check"),
             ("gdb", "gdb maint print c-tdesc"), ("xmllint", "xmllint --noout")]
    hdr = "%-8s %-24s %4s %10s %10s %10s %12s %10s %15s %8s %8s" % (
        "regs", "command", "runs", "median", "fastest", "CPU", "peak RSS", "written", "instr (Ir)",
        "wall/gen", "CPU/gen")
    print(hdr)
    print("-" * len(hdr))
    for n in sizes:
        g = res[n, "generate"]
        for key, name in tools:
            if (n, key) not in res:
                continue
            r = res[n, key]
            irs = ir.get((n, key))
            print("%-8s %-24s %4d %10s %10s %10s %8.1f MiB %10s %15s %8s %8s" % (
                "{:,}".format(n), name, len(r), fmt_time(med(r)), fmt_time(min(x.wall for x in r)),
                fmt_time(cpu(r)), peak(r),
                fmt_bytes(max(x.out_bytes for x in r)),
                "{:,}".format(irs) if irs else "", ratio(med(r), med(g)), ratio(cpu(r), cpu(g))))
        print("%-8s   (%s)" % ("", info[n]))
    print("median/fastest: wall time; CPU: median user+sys time (wall minus waiting for a CPU on a busy machine)")
    print("wall/gen, CPU/gen: the command's median wall (CPU) time over regdefgen generate's on the same "
          "layout; gdb and xmllint read the target.xml generate wrote; 'written' for gdb is its C output")
    print()

    # ---- growth ----
    steps = list(zip(sizes, sizes[1:]))
    growth_fail = {"time": [], "mem": []}
    worst = {"time": [0.0, ""], "mem": [0.0, ""]}
    if steps:
        print("growth per step (target: each 10x step in registers costs at most %.0fx; judged on CPU "
              "time, peak RSS and instructions, '!' marks a step over it)" % MAX_STEP)
        cols = [("gen wall", False, lambda n: med(res[n, "generate"])),
                ("gen CPU", True, lambda n: cpu(res[n, "generate"])),
                ("gen RSS", True, lambda n: peak(res[n, "generate"])),
                ("gen bytes", False, lambda n: max(x.out_bytes for x in res[n, "generate"])),
                ("check wall", False, lambda n: med(res[n, "check"])),
                ("check CPU", True, lambda n: cpu(res[n, "check"])),
                ("check RSS", True, lambda n: peak(res[n, "check"]))]
        if have["gdb"]:
            cols.append(("gdb time", False, lambda n: med(res[n, "gdb"])))
        if have["xmllint"]:
            cols.append(("xmllint time", False, lambda n: med(res[n, "xmllint"])))
        print("%-12s" % "step" + "".join("%14s" % c for c, _, _ in cols))
        for a, c in steps:
            limit = MAX_STEP * (c / a) / 10
            stepname = "%s -> %s" % (short(a), short(c))
            row = "%-12s" % stepname
            for cname, judged, f in cols:
                g = f(c) / f(a)
                over = judged and g > limit
                row += "%12.2fx%s" % (g, "!" if over else " ")
                if judged:
                    kind = "mem" if "RSS" in cname else "time"
                    if over:
                        growth_fail[kind].append("%s %s: %.1fx" % (cname, stepname, g))
                    if g / limit * MAX_STEP > worst[kind][0]:
                        worst[kind] = [g / limit * MAX_STEP, "%s %s" % (cname, stepname)]
            print(row)
        for a, c in zip(CALLGRIND_SIZES, CALLGRIND_SIZES[1:]):
            if (a, "generate") not in ir or (c, "generate") not in ir:
                continue
            limit = MAX_STEP * (c / a) / 10
            stepname = "%s -> %s" % (short(a), short(c))
            parts = []
            for key in ("generate", "check"):
                g = ir[c, key] / ir[a, key]
                parts.append("%s %.2fx%s" % (key, g, "!" if g > limit else ""))
                if g > limit:
                    growth_fail["time"].append("%s instructions %s: %.1fx" % (key, stepname, g))
            print("%-12s instructions (callgrind, noise-free): %s" % (stepname, ", ".join(parts)))
        print()

    # ---- shipped layouts ----
    shipped = sorted(glob.glob(os.path.join(ROOT, "defs", "*.json")))
    sout = os.path.join(tmp, "shipped")
    rel = [os.path.relpath(p, ROOT) for p in shipped]
    srun = b.measure("shipped", lambda i: [regdefgen, "generate", "-o", sout] + rel, outdir=sout, runs=20)
    sir = b.callgrind([regdefgen, "generate", "-o", sout] + rel, outdir=sout) if have["valgrind"] else None
    shutil.rmtree(sout, ignore_errors=True)
    print("%d shipped layouts in one invocation (regdefgen generate -o TMP defs/*.json), %d runs: "
          "median %s, fastest %s, CPU %s, peak RSS %.1f MiB, %s written%s" % (
              len(shipped), len(srun), fmt_time(med(srun)), fmt_time(min(r.wall for r in srun)),
              fmt_time(cpu(srun)), peak(srun), fmt_bytes(srun[0].out_bytes),
              (", {:,} instructions".format(sir)) if sir else ""))

    # ---- no-op make ----
    if not args.no_make:
        noop_ok, noop_detail = make_noop(dict(os.environ))
        print("no-op make: " + noop_detail)
    print()

    # ---- verdicts ----
    def verdict(ok, text):
        print("%s  %s" % ("PASS" if ok else "FAIL", text))
        return ok

    print("verdicts (issue 6 targets):")
    allok = True
    big = max(sizes)
    if len(sizes) > 1:
        for kind, what in (("time", "CPU time and instructions"), ("mem", "peak RSS")):
            allok &= verdict(not growth_fail[kind],
                             "linear %s: each 10x step <= %.0fx in %s%s" % (
                                 "time" if kind == "time" else "memory", MAX_STEP, what,
                                 ("; over: " + ", ".join(growth_fail[kind])) if growth_fail[kind] else
                                 " (worst: %s %.1fx)" % (worst[kind][1], worst[kind][0])))
    if big == 100000:
        g = res[big, "generate"]
        allok &= verdict(med(g) < GEN_100K_SECONDS,
                         "100,000 registers generate in < %.0f s: %s (CPU %s)" % (
                             GEN_100K_SECONDS, fmt_time(med(g)), fmt_time(cpu(g))))
        allok &= verdict(peak(g) < GEN_100K_MIB,
                         "100,000 registers generate in < %.0f MiB: %.1f MiB" % (GEN_100K_MIB, peak(g)))
    else:
        print("SKIP  100,000-register targets (size not run)")
    allok &= verdict(med(srun) < SHIPPED_MS / 1e3,
                     "%d shipped layouts in one invocation in < %.0f ms: %s (CPU %s)" % (
                         len(shipped), SHIPPED_MS, fmt_time(med(srun)), fmt_time(cpu(srun))))
    if not args.no_make:
        if noop_ok is None:
            print("SKIP  make with nothing changed regenerates nothing: " + noop_detail)
        else:
            allok &= verdict(noop_ok, "make with nothing changed regenerates nothing: " + noop_detail)
    print("%s (benchmark took %.0f s; load average now %s)" % (
        "all targets met" if allok else "SOME TARGETS FAILED", time.perf_counter() - t_start, loadavg()))

    if args.profile:
        profile(regdefgen, args.profile, tmp, ir)
    return 0


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def short(n):
    return "%dk" % (n // 1000) if n >= 1000 and n % 1000 == 0 else str(n)


def profile(regdefgen, n, tmp, ir):
    """callgrind of generate at n registers: top functions by inclusive and by self cost."""
    if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
        print("profile: valgrind/callgrind_annotate not installed")
        return
    d = os.path.join(tmp, "prof_%d.json" % n)
    subprocess.run([sys.executable, os.path.join(ROOT, "tests/bench/synth.py"), str(n), d], check=True)
    out = os.path.join(tmp, "prof_out")
    cg = os.path.join(tmp, "callgrind.out")
    print()
    print("callgrind profile of regdefgen generate, %s registers (inclusive cost, top 30):" % "{:,}".format(n))
    sys.stdout.flush()
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + cg,
                    regdefgen, "generate", "-o", out, d],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    for inclusive, top in (("yes", 30), ("no", 20)):
        a = subprocess.run(["callgrind_annotate", "--inclusive=" + inclusive, "--threshold=100", cg],
                           capture_output=True, text=True, check=True)
        lines = a.stdout.splitlines()
        if inclusive == "yes":
            total = [l for l in lines if "PROGRAM TOTALS" in l]
            print(total[0] if total else "")
            m = re.match(r"\s*([\d,]+)", total[0]) if total else None
            base = [k for k in sorted(ir) if k[1] == "generate" and k[0] < n]
            if m and base:
                k = base[-1]
                tot = int(m.group(1).replace(",", ""))
                print("%s instructions at %s registers = %.2fx the %s-register count (%.2fx per 10x)" % (
                    "{:,}".format(tot), "{:,}".format(n), tot / ir[k], "{:,}".format(k[0]),
                    (tot / ir[k]) ** (1 / max(1e-9, math.log10(n / k[0])))))
        else:
            print()
            print("self cost, top %d:" % top)
        heads = [i for i, l in enumerate(lines) if l.strip().endswith("file:function")]
        if heads:
            for line in [l for l in lines[heads[0] + 2:] if l.strip()][:top]:
                print(line)


if __name__ == "__main__":
    sys.exit(main())
