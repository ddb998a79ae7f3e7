#!/bin/sh
# Runs the probe kinds this machine's kernel lacks (kprobe, kretprobe, fentry,
# fexit) in a VM whose kernel has them: one boot, the e2e binary filtered to
# the VM tests (tests/e2e/vm_probe_test.cpp, and VmToolTest in tools_test.cpp
# for the tools in probes/ that need kprobes, the kprobe one-liners of
# examples/tutorial.md, and watchpoint_test.cpp: this machine's breakpoints
# never fire, the emulated CPU's do). Build on the host first.
#   tests/vm/run_vm_tests.sh BUILD_DIR
# Exit status: the tests' status; 77 (skipped) when QEMU cannot start at all.
set -eu
build=$(cd "${1:?usage: run_vm_tests.sh BUILD_DIR}" && pwd)
vm_run=$(cd "$(dirname "$0")/../../.." && pwd)/shared/vmtest/vm-run
tests="$build/tests/e2e/bpfscope_e2e_tests"
[ -x "$tests" ] || { echo "run_vm_tests: $tests is not built" >&2; exit 1; }
if [ ! -x "$vm_run" ]; then
  echo "run_vm_tests: SKIPPED: no vm-run (../shared/vmtest) beside the repository" >&2
  exit 77
fi
if ! command -v qemu-system-x86_64 >/dev/null 2>&1 || ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
  "$(dirname "$0")/../../scripts/setup" --vm >&2 || {
    echo "run_vm_tests: SKIPPED: cannot install QEMU and a VM kernel" >&2
    exit 77
  }
fi
# The build directory is shared read-write so that the tests find the binary
# and workloads at the paths compiled into them.
set +e
"$vm_run" --rw "$build" --timeout 900 -- "$tests" --gtest_filter='VmProbeTest.*:VmToolTest.*:*TutorialLineTest*Kprobe:WatchpointTest.*' --gtest_brief=1
status=$?
set -e
if [ "$status" -eq 125 ]; then
  echo "run_vm_tests: SKIPPED: the VM could not start" >&2
  exit 77
fi
exit "$status"
