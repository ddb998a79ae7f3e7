// for ($kv : @map) on the real kernel: the body runs once per element as a
// bpf_for_each_map_elem callback and shares the probe's variables.
#include "harness.h"

namespace bpfscope::e2e {
namespace {

class MapLoopTest : public E2ETest {};

TEST_F(MapLoopTest, VisitsEveryElementAndUpdatesOuterVariables) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @m[1] = 10; @m[2] = 20; @m[3] = 30; $sum = 0; $keys = 0;
    for ($kv : @m) { $sum += $kv.1; $keys += $kv.0; @double[$kv.0] = $kv.1 * 2; }
    printf("%d %d\n", $sum, $keys); clear(@m); exit(); })"),
            "60 6\n\n\n@double[1]: 20\n@double[2]: 40\n@double[3]: 60\n");
}

TEST_F(MapLoopTest, MultiKeyMapsGiveATupleOfKeys) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @m[7, "seven"] = 49;
    for ($kv : @m) { printf("%d %s %d\n", $kv.0.0, $kv.0.1, $kv.1); print($kv); } clear(@m); exit(); })"),
            "7 seven 49\n((7, seven), 49)\n\n\n");
}

TEST_F(MapLoopTest, BreakAndContinue) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @m[1] = 10; @m[2] = 20; @m[3] = 30; $n = 0; $first = 0;
    for ($kv : @m) { if ($kv.1 == 20) { continue; } $n++; }
    for ($kv : @m) { $first++; break; }
    printf("%d %d\n", $n, $first); clear(@m); exit(); })"),
            "2 1\n\n\n");
}

TEST_F(MapLoopTest, ReturnEndsTheProbe) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @m[1] = 1; @m[2] = 2; @n[1] = 1;
    for ($x : @n) { for ($kv : @m) { printf("in\n"); return; } printf("not here\n"); }
    printf("nor here\n"); }
    interval:ms:10 { clear(@m); clear(@n); exit(); })"),
            "in\n\n\n");
}

TEST_F(MapLoopTest, StringValuesAndStringVariables) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @name[1] = "one"; $last = "none"; let $count = 0;
    for ($kv : @name) { $last = $kv.1; $count++; }
    printf("%s %d\n", $last, $count); clear(@name); exit(); })"),
            "one 1\n\n\n");
}

TEST_F(MapLoopTest, LoopsInsideALoop) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @a[1] = 1; @a[2] = 2; @b[10] = 10; @b[20] = 20; $total = 0;
    for ($x : @a) { for ($y : @b) { $total += $x.1 * $y.1; } }
    printf("%d\n", $total); clear(@a); clear(@b); exit(); })"),
            "90\n\n\n");
}

} // namespace
} // namespace bpfscope::e2e
