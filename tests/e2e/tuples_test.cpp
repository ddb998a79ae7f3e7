// Tuples laid out as the newest bpftrace lays them out (each element with its
// own size) on the real kernel: their sizes, and the values they carry
// through variables, maps, map keys and conditionals when narrower and wider
// tuples meet. bpftrace 0.17 prints the same values for the scripts it runs
// (it refuses tuple keys and conditionals of tuples); its sizeof of a tuple
// counts a literal as 8 bytes.
#include "harness.h"

namespace bpfscope::e2e {
namespace {

class TuplesTest : public E2ETest {};

// bpftrace's runtime cases `tuple struct sizing` 1-3 and `complex tuple 4`,
// whose literal 3 is an int8 under the newest bpftrace's literal rule.
TEST_F(TuplesTest, SizeofOfMixedTuples) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  $t = ((int8)1, (int16)1, (int32)1);
  printf("%d %d %d %d %d\n", sizeof($t), sizeof(((int32)1, (int16)1, (int8)1)),
         sizeof(((int8)1, (int64)1, (int8)1, (int64)1)),
         sizeof(((int8)-100, (int8)100, "abcdef", 3, (int32)1, (int64)-10, (int8)10,
                 (int16)-555, "abc")),
         sizeof((1, "str")));
  exit(); })"),
            "8 8 32 32 5\n\n\n");
}

// bpftrace's `complex tuple 1`, `mixed int tuple map` and `nested tuple`
// cases, with negative and full-width unsigned values in narrow elements.
TEST_F(TuplesTest, NarrowElementsPrintTheirValues) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  print(((int8)-100, (int8)100, "abcdef", 3, (int32)1, (int64)-10, (int8)10, (int16)-555));
  print(((int8)-1, (int16)-2, (int32)-3, (int64)-4));
  @ = ((int32)-100, (int8)10, 50);
  @n = ((int8)1, ((int8)-20, (int8)30));
  @u = ((uint8)255, (uint16)65535, (uint32)4294967295);
  exit(); })"),
            "(-100, 100, abcdef, 3, 1, -10, 10, -555)\n(-1, -2, -3, -4)\n\n\n"
            "@: (-100, 10, 50)\n@n: (1, (-20, 30))\n@u: (255, 65535, 4294967295)\n");
}

// A variable first given a narrow tuple widens to hold a later, wider one;
// the narrower values it held are converted, not reinterpreted.
TEST_F(TuplesTest, AVariableReassignedWithWiderElements) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  $t = (1, -2, "a");
  print($t); printf("%d %d\n", $t.0, $t.1);
  $t = (100000, (int64)-5000000000, "longer");
  print($t); printf("%d\n", sizeof($t));
  exit(); })"),
            "(1, -2, a)\n1 -2\n(100000, -5000000000, longer)\n24\n\n\n");
}

// Map values and keys of different widths share one layout; each element
// reads back as stored, in this probe and another.
TEST_F(TuplesTest, MapsOfMixedWidthTuples) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  @v[1] = ((int8)1, 2);
  @v[2] = (-70000, 300);
  @k[1, ((int8)-1, "a")] = 1;
  @k[2, ((int32)70000, "bcd")] = 2;
  }
  interval:ms:10 {
  printf("%d %d %d\n", @v[1].0, @v[2].0, @v[2].1);
  @v[3] = ((int64)-5000000000, -1);
  exit(); })"),
            "1 -70000 300\n\n\n@k[1, (-1, a)]: 1\n@k[2, (70000, bcd)]: 2\n"
            "@v[1]: (1, 2)\n@v[2]: (-70000, 300)\n@v[3]: (-5000000000, -1)\n");
}

TEST_F(TuplesTest, ConditionalsOfTuplesOfDifferentWidths) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  $c = pid > 0;
  print($c ? ((int8)-1, "a") : ((int32)70000, "bcd"));
  print(!$c ? ((int8)-1, "a") : ((int32)70000, "bcd"));
  $r = if $c { (x = (uint8)200, y = "s") } else { (y = "longer", x = -300) };
  print($r);
  exit(); })"),
            "(-1, a)\n(70000, bcd)\n{ .x = 200, .y = s }\n\n\n");
}

// A record reassigned with its fields in another order and wider values; a
// tuple compared with one of other widths compares its values.
TEST_F(TuplesTest, RecordsAndComparisons) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  $r = (x = (int8)-1, y = "s");
  print($r);
  $r = (y = "longer", x = 300);
  print($r);
  @r = (a = 1, b = (c = (int16)-2, d = "x"));
  @r = (a = -70000, b = (d = "yy", c = 5));
  printf("%d %d\n", ((int8)1, 2) == ((int64)1, (int32)2), ((int8)-1, 2) == ((int64)-1, (int32)3));
  exit(); })"),
            "{ .x = -1, .y = s }\n{ .x = 300, .y = longer }\n1 0\n\n\n"
            "@r: { .a = -70000, .b = { .c = 5, .d = yy } }\n");
}

TEST_F(TuplesTest, MapLoopsAndJsonCarryNarrowElements) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  @m[1] = ((int8)-1, (int16)2);
  for ($kv : @m) { print($kv.1); }
  exit(); })"),
            "(-1, 2)\n\n\n@m[1]: (-1, 2)\n");
  auto json = runBpfscope({"-f", "json", "-q", "-e", R"(BEGIN {
  @m = ((int8)-1, "a", (uint16)7, ((int16)-300, (uint8)200));
  print(((int8)-5, (int32)-6)); exit(); })"});
  EXPECT_EQ(json.exitCode, 0) << json.err;
  EXPECT_EQ(json.out, "{\"type\": \"value\", \"data\": [-5,-6]}\n"
                      "{\"type\": \"map\", \"data\": {\"@m\": [-1,\"a\",7,[-300,200]]}}\n");
}

} // namespace
} // namespace bpfscope::e2e
