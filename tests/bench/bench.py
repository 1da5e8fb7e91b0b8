#!/usr/bin/env python3
"""regdefgen benchmark (issue 6); run through tests/bench/run or `make bench`.

    tests/bench/run                 the full benchmark (about 2-3 minutes)
    tests/bench/run --sizes 100,1000   only these synthetic sizes
    tests/bench/run --profile 100000   also a callgrind profile of generate at
                                       that size (slow: minutes under valgrind)
    tests/bench/run --no-scale      without the 100,000 -> 1,000,000 step

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

Issue 14 adds: GDB's peak RSS and CPU as the bar for generate at 100,000
registers; a compact layout (synth.py --compact) grown from 100,000 to
1,000,000 registers (CPU and peak RSS each at most 12x); the six layouts
shipped when it was filed in one invocation (< 10 ms) and a check of one
(< 3 ms), beside /bin/true; and per shipped layout the bytes its header
adds to a stub's -Os object, using only numbers and offsets (must be 0:
unused tables are not emitted) and also serving target.xml and
qRegisterInfo.

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
SHIPPED_MS = 10.0          # issue 14: the six layouts shipped then, in one invocation
FIRST_SIX = ["i386", "i386-linux", "i386-qemu", "x86_64", "x86_64-linux", "x86_64-qemu"]
CHECK_ONE_MS = 3.0         # issue 14: check of one shipped layout
SCALE_SIZES = [100000, 1000000]   # issue 14: the compact layout (synth.py --compact)
SCALE_MAX = 12.0           # issue 14: 100,000 -> 1,000,000 costs at most 12x
STUB_SECTIONS = (".text", ".rodata", ".data.rel.ro")  # what a stub's firmware holds
TIMEOUT = 300.0            # per child process


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
    ap.add_argument("--no-scale", action="store_true",
                    help="skip the 100,000 -> 1,000,000 register step (about a minute)")
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

    # ---- 100,000 -> 1,000,000 registers (issue 14) ----
    scale = None
    if not args.no_scale:
        scale = scale_step(b, regdefgen, tmp)

    # ---- shipped layouts ----
    shipped = sorted(glob.glob(os.path.join(ROOT, "defs", "*.json")))
    sout = os.path.join(tmp, "shipped")
    rel = [os.path.relpath(p, ROOT) for p in shipped]
    srun = b.measure("shipped", lambda i: [regdefgen, "generate", "-o", sout] + rel, outdir=sout, runs=20)
    sir = b.callgrind([regdefgen, "generate", "-o", sout] + rel, outdir=sout) if have["valgrind"] else None
    shutil.rmtree(sout, ignore_errors=True)
    six = ["defs/%s.json" % n for n in FIRST_SIX]
    sixrun = b.measure("six", lambda i: [regdefgen, "generate", "-o", sout] + six, outdir=sout, runs=20)
    shutil.rmtree(sout, ignore_errors=True)
    one = os.path.relpath(os.path.join(ROOT, "defs", "x86_64.json"), ROOT)
    crun = b.measure("check one", lambda i: [regdefgen, "check", one], runs=20)
    trun = b.measure("true", lambda i: ["/bin/true"], runs=20)
    print("%d shipped layouts in one invocation (regdefgen generate -o TMP defs/*.json), %d runs: "
          "median %s, fastest %s, CPU %s, peak RSS %.1f MiB, %s written%s" % (
              len(shipped), len(srun), fmt_time(med(srun)), fmt_time(min(r.wall for r in srun)),
              fmt_time(cpu(srun)), peak(srun), fmt_bytes(srun[0].out_bytes),
              (", {:,} instructions".format(sir)) if sir else ""))
    print("the six layouts of issue 14 (%s) in one invocation, %d runs: median %s, fastest %s, "
          "CPU %s, %s written" % (" ".join(FIRST_SIX), len(sixrun), fmt_time(med(sixrun)),
                                  fmt_time(min(r.wall for r in sixrun)), fmt_time(cpu(sixrun)),
                                  fmt_bytes(sixrun[0].out_bytes)))
    print("regdefgen check %s, %d runs: median %s, fastest %s, CPU %s" % (
        one, len(crun), fmt_time(med(crun)), fmt_time(min(r.wall for r in crun)), fmt_time(cpu(crun))))
    print("process start, the floor of both (/bin/true), %d runs: median %s, fastest %s" % (
        len(trun), fmt_time(med(trun)), fmt_time(min(r.wall for r in trun))))
    print()
    stubs = stub_footprint(regdefgen, shipped, tmp)

    # ---- no-op make ----
    if not args.no_make:
        noop_ok, noop_detail = make_noop(dict(os.environ))
        print("no-op make: " + noop_detail)
    print()

    # ---- verdicts ----
    def verdict(ok, text):
        print("%s  %s" % ("PASS" if ok else "FAIL", text))
        return ok

    print("verdicts (issue 6 and issue 14 targets):")
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
        if (big, "gdb") in res:
            d = res[big, "gdb"]
            allok &= verdict(peak(g) <= peak(d),
                             "100,000 registers: generate's peak RSS no more than GDB's maint print "
                             "c-tdesc on its target.xml: %.1f MiB vs %.1f MiB" % (peak(g), peak(d)))
            allok &= verdict(cpu(g) < cpu(d),
                             "100,000 registers: generate's CPU below GDB's: %s vs %s" % (
                                 fmt_time(cpu(g)), fmt_time(cpu(d))))
        else:
            print("SKIP  100,000 registers against GDB: gdb not installed")
    else:
        print("SKIP  100,000-register targets (size not run)")
    if scale:
        for what, ratio_, figures in scale:
            allok &= verdict(ratio_ <= SCALE_MAX, "100,000 -> 1,000,000 registers, %s grows <= %.0fx: "
                             "%.1fx (%s)" % (what, SCALE_MAX, ratio_, figures))
    elif not args.no_scale:
        print("SKIP  100,000 -> 1,000,000 registers: not measured")
    allok &= verdict(med(sixrun) < SHIPPED_MS / 1e3,
                     "the six shipped layouts in one invocation in < %.0f ms: %s (CPU %s; "
                     "/bin/true %s)" % (SHIPPED_MS, fmt_time(med(sixrun)), fmt_time(cpu(sixrun)),
                                        fmt_time(med(trun))))
    allok &= verdict(med(crun) < CHECK_ONE_MS / 1e3,
                     "check of one shipped layout (%s) in < %.0f ms: %s (CPU %s; /bin/true %s)" % (
                         one, CHECK_ONE_MS, fmt_time(med(crun)), fmt_time(cpu(crun)),
                         fmt_time(med(trun))))
    if stubs is None:
        print("SKIP  stub footprint: no C compiler or no size(1)")
    else:
        unused = [name for name, numbers, _ in stubs if numbers != 0]
        allok &= verdict(not unused, "a stub using only numbers and offsets gets no byte of the "
                         "header's tables, in every shipped layout%s" % (
                             ("; it does in: " + ", ".join(unused)) if unused else ""))
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


def scale_step(b, regdefgen, tmp):
    """generate and check on the compact layout at 100,000 and 1,000,000
    registers; returns [(what, growth, figures)] of CPU time and peak RSS."""
    runs = {}
    for n in SCALE_SIZES:
        d = os.path.join(tmp, "compact_%d.json" % n)
        subprocess.run([sys.executable, os.path.join(ROOT, "tests/bench/synth.py"), "--compact",
                        str(n), d], check=True)
        out = os.path.join(tmp, "cout_%d" % n)
        runs[n, "generate"] = b.measure("generate compact %d" % n,
                                        lambda i: [regdefgen, "generate", "-o", out, d], outdir=out,
                                        runs=3)
        runs[n, "check"] = b.measure("check compact %d" % n, lambda i: [regdefgen, "check", d], runs=3)
        shutil.rmtree(out, ignore_errors=True)
        os.unlink(d)
    a, c = SCALE_SIZES
    print("100,000 -> 1,000,000 registers (synth.py --compact: 64-bit registers, keys from defaults, "
          "no slices; 3 runs each, 1 if a run takes over 15 s)")
    result = []
    for key in ("generate", "check"):
        ra, rc = runs[a, key], runs[c, key]
        print("  %-9s CPU %s -> %s (%.1fx), wall %s -> %s (%.1fx), peak RSS %.1f -> %.1f MiB (%.1fx)%s" % (
            key, fmt_time(cpu(ra)), fmt_time(cpu(rc)), cpu(rc) / cpu(ra),
            fmt_time(med(ra)), fmt_time(med(rc)), med(rc) / med(ra),
            peak(ra), peak(rc), peak(rc) / peak(ra),
            (", written %s -> %s" % (fmt_bytes(ra[0].out_bytes), fmt_bytes(rc[0].out_bytes)))
            if key == "generate" else ""))
        result.append(("%s CPU time" % key, cpu(rc) / cpu(ra),
                       "%s -> %s" % (fmt_time(cpu(ra)), fmt_time(cpu(rc)))))
        result.append(("%s peak RSS" % key, peak(rc) / peak(ra),
                       "%.1f -> %.1f MiB" % (peak(ra), peak(rc))))
    print()
    return result


STUB_SOURCE = """/* %(what)s */
#include <stddef.h>
%(include)s
volatile unsigned sink[4];
char reply[512];

void stub_numbers(void)
{
	sink[0] = %(num_regs)s;
	sink[1] = %(g_size)s;
	sink[2] = %(offset)s;
	sink[3] = %(size)s;
}
%(serve)s
"""

SERVE_SOURCE = """
size_t stub_serve(unsigned n, size_t offset)
{
	const char *r = %(ident)s_qregisterinfo(n);

	if (r)
		return (size_t)r[0];
	if (n == 1000)
		return %(ident)s_qhostinfo(reply);
	return %(ident)s_target_xml_read(reply, offset, sizeof(reply));
}
"""

EXTERNS = """size_t %(ident)s_target_xml_read(char *buf, size_t offset, size_t len);
const char *%(ident)s_qregisterinfo(unsigned n);
size_t %(ident)s_qhostinfo(char *buf);
"""


def object_bytes(cc, src, tmp, incdir):
    """text + rodata (STUB_SECTIONS) of src compiled with -Os, or None."""
    c = os.path.join(tmp, "stub.c")
    o = os.path.join(tmp, "stub.o")
    with open(c, "w") as f:
        f.write(src)
    p = subprocess.run([cc, "-std=c11", "-Os", "-Wall", "-Wextra", "-Werror", "-I", incdir,
                        "-c", c, "-o", o], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("stub does not compile:\n%s\n%s" % (src, p.stderr[-2000:]))
    sz = subprocess.run(["size", "-A", o], capture_output=True, text=True)
    if sz.returncode != 0:
        return None
    total = 0
    for line in sz.stdout.splitlines():
        f = line.split()
        if len(f) >= 2 and f[0].startswith(STUB_SECTIONS) and f[1].isdigit():
            total += int(f[1])
    return total


def stub_footprint(regdefgen, shipped, tmp):
    """Per shipped layout, the bytes its header adds to an -Os object: a stub
    using only numbers and offsets, and one also serving target.xml,
    qRegisterInfo and qHostInfo; each against the same stub without the
    header (its constants written out, its functions extern)."""
    cc = os.environ.get("CC") or "cc"
    if not shutil.which(cc) or not shutil.which("size"):
        return None
    outdir = os.path.join(tmp, "stub_out")
    subprocess.run([regdefgen, "generate", "-o", outdir] + shipped, check=True,
                   stdout=subprocess.DEVNULL)
    print("stub footprint: bytes the header adds to an object compiled with %s -Os "
          "(sections %s), against the same stub without it" % (cc, " ".join(STUB_SECTIONS)))
    print("%-22s %12s %16s %16s" % ("layout", "numbers only", "+ serving", "target.xml"))
    rows = []
    for path in shipped:
        name = os.path.basename(path)[:-5]
        ident = name.replace("-", "_")
        header = os.path.join(outdir, name, ident + "_regs.h")
        with open(header) as f:
            text = f.read()
        IDENT = ident.upper()
        m = re.search(r"#define %s_OFFSET_(\w+) (\d+)" % IDENT, text)
        msz = re.search(r"#define %s_SIZE_%s (\d+)" % (IDENT, m.group(1)), text)
        g = re.search(r"#define %s_G_PACKET_SIZE (\d+)" % IDENT, text)
        nregs = re.search(r"%s_NUM_REGS = (\d+)" % IDENT, text)
        # constants written out as 0x10000 + value: the same instruction
        # lengths as the header's (no short forms for small values)
        with_header = {"include": '#include "%s/%s_regs.h"' % (name, ident),
                       "num_regs": "%s_NUM_REGS + 0x10000" % IDENT,
                       "g_size": "%s_G_PACKET_SIZE + 0x10000" % IDENT,
                       "offset": "%s_OFFSET_%s + 0x10000" % (IDENT, m.group(1)),
                       "size": "%s_SIZE_%s + 0x10000" % (IDENT, m.group(1))}
        without = {"include": EXTERNS % {"ident": ident},
                   "num_regs": str(int(nregs.group(1)) + 0x10000),
                   "g_size": str(int(g.group(1)) + 0x10000),
                   "offset": str(int(m.group(2)) + 0x10000),
                   "size": str(int(msz.group(1)) + 0x10000)}
        res = []
        for serve in ("", SERVE_SOURCE % {"ident": ident}):
            sizes = []
            for vals in (with_header, without):
                src = STUB_SOURCE % dict(vals, what="stub for " + name, serve=serve)
                n = object_bytes(cc, src, tmp, outdir)
                if n is None:
                    return None
                sizes.append(n)
            res.append(sizes[0] - sizes[1])
        xml = os.path.getsize(os.path.join(outdir, name, "target.xml"))
        print("%-22s %12s %16s %16s" % (name, "{:,}".format(res[0]), "{:,}".format(res[1]),
                                        "{:,}".format(xml)))
        rows.append((name, res[0], res[1]))
    print()
    return rows


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
