#!/usr/bin/env python3
"""Top frames of a dotnet-trace speedscope file (sampled thread time), leaving out threads that wait.

usage: top-frames.py FILE.speedscope.json [N]

dotnet-trace samples every managed thread, running or blocked; a sample whose innermost frame is a wait (a socket
poll, a semaphore, a sleep, the thread pool parking a worker) is time the thread spent not using the CPU and is left
out. What remains is time on (or waiting for) a core. Prints, as Markdown: the share per library of the innermost
named frame (native time, a socket send for instance, counts for the managed frame that called it), the top frames by
self time, and our own frames by inclusive time.
"""
import json
import re
import sys
from collections import Counter

WAITING = re.compile(
    r"WaitForSocketEvents|WaitHandle\.Wait|WaitOneNoCheck|Monitor\.Wait|LowLevelLifoSemaphore\.Wait|"
    r"LowLevelMonitor\.Wait|Thread\.Sleep|SleepInternal|WaitForSignal|WaitNative|Interop\+Sys\.Poll|"
    r"epoll_wait|ManualResetEventSlim\.Wait|SemaphoreSlim\.Wait\b|Thread\.Join|WaitSubsystem|"
    r"PortableThreadPool\+GateThread|TimerQueue\.TimerThread|Console.*Read|\bReadLine\b|SocketAsyncEngine\.EventLoop|"
    r"Interop\+Sys\.Read\b|SemaphoreSlim\.WaitCore|SemaphoreSlim\.WaitUntilCountOrTimeout|BlockingCollection")

LIBRARIES = [
    ("Npgsql", "Npgsql"), ("EF Core", "Microsoft.EntityFrameworkCore"), ("MassTransit", "MassTransit"),
    ("RabbitMQ client", "RabbitMQ.Client"), ("Aggregator (ours)", "Aggregator."), ("Serilog", "Serilog"),
    ("System.Text.Json", "System.Text.Json"), ("ASP.NET Core / Kestrel", "Microsoft.AspNetCore"),
    ("Logging abstractions", "Microsoft.Extensions.Logging"), ("DI", "Microsoft.Extensions.DependencyInjection"),
    ("OpenTelemetry / metrics", "OpenTelemetry"), ("Data Protection / crypto", "Microsoft.AspNetCore.DataProtection"),
    ("crypto", "System.Security.Cryptography"), ("sockets / network", "System.Net"),
    ("threading / async", "System.Threading"), ("collections / LINQ", "System.Linq"), ("collections / LINQ", "System.Collections"),
]


def library(name):
    name = re.sub(r"^[^!]*!", "", name)
    for label, prefix in LIBRARIES:
        if name.startswith(prefix):
            return label
    if "PollGC" in name:
        return "GC suspension"
    return "other .NET (runtime, async machinery)"


def main(path, top):
    data = json.load(open(path, encoding="utf-8"))
    names = [f["name"] for f in data["shared"]["frames"]]
    self_time, inclusive, libraries, waited = Counter(), Counter(), Counter(), 0.0
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            at = event["at"]
            if stack and last is not None and at > last:
                elapsed = at - last
                waited += account([names[f] for f in stack], elapsed, self_time, inclusive, libraries)
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    busy = sum(self_time.values())
    print(f"busy {busy / 1000:.1f} s of samples, {waited / 1000:.1f} s waiting left out\n")
    print("| innermost frame's library | share |\n| --- | ---: |")
    for label, t in libraries.most_common():
        print(f"| {label} | {t / busy:.1%} |")
    print(f"\n| top {top} frames by self time | share |\n| --- | ---: |")
    for frame, t in self_time.most_common(top):
        print(f"| `{short(frame)}` | {t / busy:.1%} |")
    print(f"\n| our frames by inclusive time | share |\n| --- | ---: |")
    ours = [(f, t) for f, t in inclusive.most_common() if "Aggregator." in f and "MoveNext" not in f and not f.startswith("Process")]
    for frame, t in ours[:top]:
        print(f"| `{short(frame)}` | {t / busy:.1%} |")


def account(frames, elapsed, self_time, inclusive, libraries):
    """Adds one sample's time; returns the time left out as waiting."""
    # dotnet-trace ends each sample with a pseudo-frame: CPU_TIME (running managed code) or UNMANAGED_CODE_TIME (in
    # native code: a syscall, the runtime, or a wait); "?!?" is native code it could not name.
    pseudo = frames[-1] if frames[-1] in ("CPU_TIME", "UNMANAGED_CODE_TIME") else None
    named = [f for f in (frames[:-1] if pseudo else frames) if f != "?!?"]
    if not named or any(WAITING.search(f) for f in named[-3:]):
        return elapsed
    innermost = named[-1]
    native = pseudo == "UNMANAGED_CODE_TIME" or (frames[:-1] if pseudo else frames)[-1] == "?!?"
    label = innermost + (" [native]" if native else "")
    if "PollGC" in innermost:
        label = "GC: thread stopped for a collection (PollGC)"
    self_time[label] += elapsed
    libraries[library(innermost)] += elapsed
    for f in set(named):
        inclusive[f] += elapsed
    return 0.0


def short(frame):
    frame = re.sub(r"^[^!]*!", "", frame)
    frame = re.sub(r"\(.*\)$", "", frame)
    return frame[:110].replace("|", "\\|")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
