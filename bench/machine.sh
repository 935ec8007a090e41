#!/bin/sh
# Prints what the benchmarks record about the machine: cores, CPU model,
# memory and the current load. Sourced by the bench/*.sh scripts.
echo "== machine"
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo
grep MemTotal /proc/meminfo
uptime
