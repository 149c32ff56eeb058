#!/usr/bin/env python3
"""Summarises a system-wide Linux perf CPU profile (sampled on-CPU time) as Markdown tables.

usage: perf-frames.py FILE [NAME=PID ...] [--postgres] [--top N] [--debug]

FILE is the text of `perf script -F comm,pid,tid,ip,sym,dso` for a `perf record -a -g` run (compressed if it
ends in .gz or .xz); the .NET services need DOTNET_PerfMapEnabled=1 so that perf can name JIT code from /tmp/perf-PID.map.
NAME=PID names a process (delivery=629); --postgres also groups the server processes that have no fixed pid: every
process named `postgres` as postgresql (the backends come and go) and `redis-server` as redis. The rest is `other`.

perf samples whatever runs on each CPU, so a sample is CPU time, never a wait. Prints, as Markdown: each process's
share of all samples; for each .NET service, the share per component of the innermost frame and our own frames by
inclusive time, along with the library methods our code calls (marked →); and for each named process, the top frames
by self time.
"""
import argparse
import gzip
import lzma
import re
import sys
from collections import Counter, defaultdict
from functools import lru_cache

# Matched in order against a frame's module: the assembly in brackets for a .NET frame from a perf map, `stub` for a
# runtime stub from a perf map, otherwise the file name of the dso. The first match wins.
COMPONENTS = [
    (r"\[kernel\.kallsyms\]|\[vdso\]", "kernel"),  # vdso: the kernel's clock_gettime, run in user mode
    (r"libcoreclr\.so|stub$", ".NET runtime & GC"),
    (r"libclrjit\.so", "JIT"),
    # System.Native: the runtime's thin wrappers of libc calls
    (r"libc\.so|ld-linux|libm\.so|libstdc\+\+|libSystem\.Native\.so", "C library"),
    (r"libcrypto|libssl|libSystem\.Security\.Cryptography|System\.Security\.Cryptography|"
     r"Microsoft\.AspNetCore\.(DataProtection|Cryptography)", "crypto"),
    (r"System\.Private\.(CoreLib|Uri)|System\.Collections|System\.Linq|System\.Threading|System\.Memory",
     "async & collections & other CoreLib"),
    (r"System\.Text\.(Json|Encodings\.Web)", "JSON"),  # Encodings.Web: the escaping of the JSON writer
    (r"MassTransit", "MassTransit"),
    (r"RabbitMQ\.Client", "RabbitMQ client"),
    (r"Microsoft\.EntityFrameworkCore|Npgsql\.EntityFrameworkCore", "EF Core"),  # the Npgsql provider is EF Core code
    (r"Npgsql", "Npgsql"),
    (r"Microsoft\.AspNetCore|Microsoft\.Net\.Http\.Headers", "ASP.NET Core"),
    (r"Serilog|Microsoft\.Extensions\.Logging", "logging"),
    (r"OpenTelemetry|System\.Diagnostics\.DiagnosticSource", "telemetry"),
    (r"Microsoft\.Extensions\.(DependencyInjection|Options)", "DI & options"),
    (r"System\.Net\.|System\.IO\.Pipelines", "sockets"),  # Pipelines: the buffers Kestrel and RabbitMQ.Client use
    (r"Polly", "Polly (resilience)"),
    (r"StackExchange\.Redis|RESPite", "Redis client"),
    (r"Anonymously Hosted DynamicMethods", "compiled lambdas (EF Core, minimal APIs)"),
    (r"Aggregator\.", "ours"),
    (r"memfd:doublemapper|\[unknown\]", "unknown JIT code"),
]
COMPONENTS = [(re.compile(pattern), component) for pattern, component in COMPONENTS]

# Between our code and the library method it calls sit the async machinery, the runtime's dispatch stubs and the
# delegates that the libraries compile (a minimal API's request delegate calling our handler, for instance).
PASS_THROUGH = {"async & collections & other CoreLib", ".NET runtime & GC", "unknown JIT code",
                "compiled lambdas (EF Core, minimal APIs)"}
NOT_A_LIBRARY = PASS_THROUGH | {"kernel", "JIT", "C library", "ours"}

FRAME = re.compile(r"\s*[0-9a-f]+ (.*) \(([/\[][^()]*(?: \([^()]*\))?)\)$")
HEADER = re.compile(r"(.*?)\s+(\d+)/\d+\s*$")
MANAGED = re.compile(r"\[([^\[\]]+)\] (\S+?)::([^(\s]+)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("names", nargs="*", metavar="NAME=PID")
    parser.add_argument("--postgres", action="store_true", help="group postgres as postgresql, redis-server as redis")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--debug", action="store_true", help="print the top 10 frames classified `other` to stderr")
    args = parser.parse_args()
    names = {int(pid): name for name, pid in (pair.split("=") for pair in args.names)}

    processes = read(args.file)
    by_name = group(processes, names, args.postgres)
    total = sum(p.samples for p in processes.values())
    print(f"{total} samples\n")

    print("| process | share of all samples |\n| --- | ---: |")
    for name, p in sorted(by_name.items(), key=lambda item: -item[1].samples):
        print(f"| {name} | {p.samples / total:.1%} |")

    named = [(name, by_name[name]) for name in names.values()]
    services = [(name, p) for name, p in named if p.managed]
    for name, p in services:
        print(f"\n**{name}**, {p.samples} samples\n")
        table("component (innermost frame)", "share of the service", ranked(p.components), p.samples)
    for name, p in services:
        print(f"\n**{name}**\n")
        rows = [(re.sub(r"^(→ )?(.*)", r"\1`\2`", frame), n) for frame, n in ranked(p.ours, args.top)]
        table("our frame or library entry point", "inclusive share of the service", rows, p.samples)
    for name, p in named:
        print(f"\n**{name}**\n")
        rows = [(f"`{frame}`", n) for frame, n in ranked(p.self_time, args.top)]
        table("top frames by self time", "share", rows, p.samples)

    if args.debug:
        others = sum((p.others for _, p in services), Counter())
        print("innermost frames of the .NET services classified `other`:", file=sys.stderr)
        for frame, n in ranked(others, 10):
            print(f"{n:6}  {frame}", file=sys.stderr)


class Process:
    def __init__(self):
        self.samples, self.managed, self.comms = 0, False, set()
        self.self_time, self.components, self.ours, self.others = Counter(), Counter(), Counter(), Counter()

    def add(self, other):
        self.samples += other.samples
        self.managed |= other.managed
        for mine, theirs in ((self.self_time, other.self_time), (self.components, other.components),
                             (self.ours, other.ours), (self.others, other.others)):
            mine.update(theirs)


def read(path):
    """Returns a Process per pid, from the samples in a perf script file."""
    processes = defaultdict(Process)
    opener = gzip.open if path.endswith(".gz") else lzma.open if path.endswith(".xz") else open
    pid, frames = None, []
    with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line[0] not in " \t\n":
                account(processes, pid, frames)
                header = HEADER.match(line)
                pid, frames = int(header[2]), []
                processes[pid].comms.add(header[1])
            elif line.strip():
                frame = FRAME.match(line)
                if frame:
                    frames.append((re.sub(r"\+0x[0-9a-f]+$", "", frame[1]), frame[2]))
    account(processes, pid, frames)
    return processes


def account(processes, pid, frames):
    """Adds one sample (frames innermost first) to its process."""
    if pid is None or not frames:
        return
    p = processes[pid]
    p.samples += 1
    p.managed |= any(is_perf_map(dso) for _, dso in frames)
    innermost = frames[0]
    p.self_time[short(*innermost)] += 1
    p.components[component(*innermost)] += 1
    if component(*innermost) == "other":
        p.others[f"{short(*innermost)}  [{module(*innermost)}]"] += 1
    p.ours.update(set(ours_and_entry_points(frames)))


def ours_and_entry_points(frames):
    """Our frames, and the first library frame inward of each of our frames (the library method our code called)."""
    for i, frame in enumerate(frames):
        if component(*frame) != "ours":
            continue
        yield short(*frame)
        inner = i - 1
        while inner >= 0 and component(*frames[inner]) in PASS_THROUGH:
            inner -= 1
        if inner >= 0 and component(*frames[inner]) not in NOT_A_LIBRARY:
            yield "→ " + short(*frames[inner])


def group(processes, names, servers):
    """Sums the processes into named rows: NAME=PID, postgresql and redis (with --postgres), idle, other."""
    rows = {name: Process() for name in [*names.values(), "idle", "other"]}
    for pid, p in processes.items():
        if pid in names:
            name = names[pid]
        elif pid == 0 or "swapper" in p.comms:
            name = "idle"
        elif servers and "postgres" in p.comms:
            name = "postgresql"
        elif servers and "redis-server" in p.comms:  # its other threads (io_thd_1, bio_*) have their own names
            name = "redis"
        else:
            name = "other"
        rows.setdefault(name, Process()).add(p)
    return rows


def ranked(counts, top=None):
    """Most common first, ties by name, so that the output does not change from run to run."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def table(first, second, rows, samples):
    print(f"| {first} | {second} |\n| --- | ---: |")
    for label, n in rows:
        label = label.replace("|", r"\|")
        print(f"| {label} | {n / samples:.1%} |")


def is_perf_map(dso):
    return dso.startswith("/tmp/perf-") and dso.endswith(".map")


@lru_cache(maxsize=None)
def module(sym, dso):
    if is_perf_map(dso):
        if sym.startswith("stub "):
            return "stub"
        managed = MANAGED.search(sym)
        return managed[1] if managed else sym
    return dso.rsplit("/", 1)[-1]


@lru_cache(maxsize=None)
def component(sym, dso):
    name = module(sym, dso)
    return next((component for pattern, component in COMPONENTS if pattern.search(name)), "other")


@lru_cache(maxsize=None)
def short(sym, dso):
    """Namespace.Type.Method of a .NET frame; symbol (library) of a native one."""
    if not is_perf_map(dso):
        return f"{sym} ({'kernel' if dso == '[kernel.kallsyms]' else dso.rsplit('/', 1)[-1]})"
    stub = re.match(r"stub \w+<(.*)>$", sym)
    if stub:
        return f"stub {stub[1]}"
    managed = MANAGED.search(sym)
    if not managed:
        return sym
    type_name, method = generic_free(managed[2]), generic_free(managed[3])
    nested = type_name.split("+")
    parts = [readable(part) for part in nested]
    if method != "MoveNext" or not re.match(r"<.*>d", nested[-1]):  # MoveNext of an async method's state machine
        parts.append(readable(method))
    return ".".join(part for part in parts if part)


def generic_free(name):
    """Drops generic arguments ([System.__Canon,...], nested too) and arity (`2) from a .NET name."""
    while True:
        shorter = re.sub(r"\[[^\[\]]*\]", "", name)
        if shorter == name:
            return re.sub(r"`+\d+", "", name)
        name = shorter


def readable(name):
    """The C# name of a compiler-generated one: <Send>d__5 (async method) Send, <Main>b__0_1 (lambda) Main lambda,
    <Run>g__Local|3_0 (local function) Run.Local, <>c and <>c__DisplayClass5_0 (closures) nothing."""
    generated = re.fullmatch(r"<(.*)>([a-z])(?:__(.*))?", name)
    if not generated:
        return name
    inner, kind, rest = readable(generated[1]), generated[2], generated[3] or ""
    inner = re.sub(r"^-(c?ctor)$", r".\1", inner)  # in a type's name, Roslyn spells a constructor -ctor
    if kind == "b":
        return f"{inner} lambda"
    if kind == "g":
        return f"{inner}.{rest.split('|')[0]}"
    return inner


if __name__ == "__main__":
    main()
