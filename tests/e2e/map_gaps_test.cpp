// On the real kernel: delete(@m[k, *]) with wildcard keys, pointers kept in
// maps, for loops over aggregations and up to a map's value, delete(@) of an
// aggregation without keys, and a whole attach point from the command line.
#include "harness.h"

#include <atomic>
#include <sched.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace bpfscope::e2e {
namespace {

class MapGapsTest : public E2ETest {};

// Keeps every online CPU busy while it lives: an idle CPU of a virtual
// machine may take no profile sample for hundreds of milliseconds.
class BusyCpus {
public:
  BusyCpus() {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    for (long cpu = 0; cpu < cpus; ++cpu)
      threads_.emplace_back([this, cpu] { spinOn(static_cast<int>(cpu)); });
  }
  ~BusyCpus() {
    stop_ = true;
    for (std::thread &t : threads_)
      t.join();
  }

private:
  void spinOn(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof(set), &set);
    while (!stop_)
      ;
  }

  std::atomic<bool> stop_ = false;
  std::vector<std::thread> threads_;
};

// bpftrace's tests/runtime/delete_wildcard cases.
TEST_F(MapGapsTest, WildcardDeleteOfTheSecondKey) {
  EXPECT_EQ(quietScriptOutput("BEGIN { @map[10, 10] = 1; @map[2, 20] = 2; @map[10, 11] = 1; "
                              "delete(@map[10, *]); print(@map); exit(); } END {}"),
            "@map[2, 20]: 2\n\n\n@map[2, 20]: 2\n");
}

TEST_F(MapGapsTest, WildcardDeleteOfThreeKeysOutOfFour) {
  EXPECT_EQ(quietScriptOutput("BEGIN { @map[10, 0, 1241, 0xcafe] = 1; @map[2, 20, 12, 0] = 2; "
                              "@map[10, 192, 23, 0xcafe] = 1; delete(@map[*, *, *, 0xcafe]); "
                              "print(@map); clear(@map); exit(); }"),
            "@map[2, 20, 12, 0]: 2\n\n\n");
}

TEST_F(MapGapsTest, WildcardDeleteBeforeTheMapIsAssigned) {
  EXPECT_EQ(quietScriptOutput("END { delete(@map[10, *]); } "
                              "BEGIN { @map[10, 20] = 1; @map[20, 10] = 2; exit(); }"),
            "\n\n@map[20, 10]: 2\n");
}

TEST_F(MapGapsTest, WildcardDeleteOfStringKeysAndItsResult) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @m["a", "x"] = 1; @m["bb", "x"] = 2; @m["bb", "y"] = 3;
    @m["bb", "z"] = 4;
    $gone = delete(@m[*, "x"]); $none = delete(@m["q", *]);
    printf("%d %d %d\n", $gone, $none, len(@m)); exit(); })"),
            "1 0 2\n\n\n@m[bb, y]: 3\n@m[bb, z]: 4\n");
}

TEST_F(MapGapsTest, PointersInMapsReadFieldsAndPrintInHex) {
  std::string out = quietScriptOutput(
      R"(BEGIN { @p = curtask; @m[1] = (struct task_struct *)curtask;
    printf("%d %d %d\n", @p->pid == pid, @m[1]->tgid == pid, @m[1] == @p); exit(); })");
  auto lines = splitLines(out);
  ASSERT_EQ(lines.size(), 5u) << out;
  EXPECT_EQ(lines[0], "1 1 1");
  EXPECT_TRUE(hasLineMatching(out, "@m\\[1\\]: 0xffff[0-9a-f]{12}")) << out;
  EXPECT_TRUE(hasLineMatching(out, "@p: 0xffff[0-9a-f]{12}")) << out;
}

TEST_F(MapGapsTest, APointerStoredInOneProbeIsReadInAnother) {
  RunResult r = runBpfscope(
      {"-q", "-c", "sleep 0.1", "-e",
       "tracepoint:syscalls:sys_enter_clock_nanosleep { @p[tid] = curtask; } "
       "tracepoint:syscalls:sys_exit_clock_nanosleep /@p[tid]/ { "
       "printf(\"%d %s\\n\", @p[tid]->pid == tid, @p[tid]->comm); delete(@p[tid]); exit(); }"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "1 sleep\n\n\n");
}

// bpftrace's tests/runtime/for "map two keys with a per cpu aggregation".
TEST_F(MapGapsTest, ForOverACountCombinesTheCpus) {
  std::string out = quietScriptOutput("BEGIN { @map[16,17] = count(); @map[16,17] = count(); "
                                      "@map[1,2] = count(); for ($kv : @map) { print($kv); } "
                                      "clear(@map); exit(); }");
  // In the hash map's order, which bpftrace's test leaves open too.
  EXPECT_TRUE(out == "((16, 17), 2)\n((1, 2), 1)\n\n\n" ||
              out == "((1, 2), 1)\n((16, 17), 2)\n\n\n")
      << out;
}

TEST_F(MapGapsTest, ForOverSumMinMaxAvgOnSeveralCpus) {
  // profile fires on every busy CPU, so each aggregation holds one slot per CPU.
  BusyCpus busy;
  EXPECT_EQ(quietScriptOutput(R"(profile:hz:97 { @s[0] = sum(2); @mn[0] = min(cpu + 5);
      @mx[0] = max(cpu + 5); @a[0] = avg(4); @n[0] = count(); }
    interval:ms:300 { $sum = 0; $n = 0; $min = 0; $max = 0; $avg = 0;
      for ($kv : @s) { $sum = $kv.1; } for ($kv : @n) { $n = $kv.1; }
      for ($kv : @mn) { $min = $kv.1; } for ($kv : @mx) { $max = $kv.1; }
      for ($kv : @a) { $avg = $kv.1; }
      printf("%d %d %d %d\n", (uint64)$sum == 2 * $n, $min == 5, $max == (int64)ncpus + 4, $avg);
      clear(@s); clear(@mn); clear(@mx); clear(@a); clear(@n); exit(); })"),
            "1 1 1 4\n\n\n");
}

// bpftrace's tests/runtime/for "range using a map" and "range with map as expression".
TEST_F(MapGapsTest, RangeUpToAMapsValue) {
  EXPECT_EQ(quietScriptOutput("BEGIN { @a = 10; for ($i : 0..@a) { printf(\"%d \", $i); "
                              "@a += 1; } printf(\"\\n\"); exit(); }"),
            "0 1 2 3 4 5 6 7 8 9 \n\n\n@a: 20\n");
  EXPECT_EQ(quietScriptOutput("BEGIN { @map[5] = 8; $sum = 0; for ($i : 0..@map[5]) { "
                              "if ($i == 6) { break; } if ($i == 1) { continue; } $sum += $i; } "
                              "for ($i : @map[5]..2) { $sum = -1; } print($sum); clear(@map); "
                              "exit(); }"),
            "14\n\n\n");
}

TEST_F(MapGapsTest, ReturnInARangeUpToAMapsValueEndsTheProbe) {
  EXPECT_EQ(quietScriptOutput("BEGIN { @n = 3; for ($i : 0..@n) { if ($i == 1) { "
                              "printf(\"out\\n\"); return; } } printf(\"not here\\n\"); } "
                              "interval:ms:10 { clear(@n); exit(); }"),
            "out\n\n\n");
}

// bpftrace's tests/runtime "delete count map" (newest bpftrace keeps the map at 0).
TEST_F(MapGapsTest, DeleteOfAnAggregationWithoutKeysLeavesZero) {
  EXPECT_EQ(quietScriptOutput("BEGIN { @ = count(); @s = sum(5); @x = max(3); delete(@); "
                              "delete(@s); delete(@x); exit(); }"),
            "\n\n@: 0\n@s: 0\n@x: 0\n");
}

TEST_F(MapGapsTest, AWholeAttachPointFromAPositionalParameter) {
  RunResult r = runBpfscope(
      {"-q", "-e", "$1 { printf(\"tick\\n\"); exit(); } BEGIN,$2 { printf(\"%s\\n\", probe); }",
       "interval:ms:1", "END"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "BEGIN\ntick\nEND\n\n\n");
}

TEST_F(MapGapsTest, KaddrOfAPositionalParameter) {
  RunResult r = runBpfscope({"-q", "-e",
                             "BEGIN { printf(\"%d\\n\", kaddr(str($1)) == kaddr(\"vfs_read\")); "
                             "exit(); }",
                             "vfs_read"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "1\n\n\n");
}

} // namespace
} // namespace bpfscope::e2e
