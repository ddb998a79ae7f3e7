// Map keys stored at their own integer size, as in the newest bpftrace (PR
// #4768), on the real kernel: the keys print the values bpftrace 0.17 (which
// widened every key to 64 bits) prints for the same scripts, and reading,
// has_key(), delete(), wildcard deletes, loops and aggregations find the
// elements the narrower keys name.
#include "harness.h"

namespace bpfscope::e2e {
namespace {

class MapKeyTypesTest : public E2ETest {};

// Keys of several sizes meet in one type (int16 for a uint8 and a negative
// constant) and keep their values; the same output as bpftrace 0.17's.
TEST_F(MapKeyTypesTest, NarrowKeysPrintTheirValues) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  @a[(uint8)200] = 1; @a[-3] = 2; @a[1] = 3; @a[(uint8)200] = 4;
  @b[(int16)-2, (uint8)250, "x"] = 7; @b[300, 1, "y"] = 8;
  @c[(uint32)4000000000] = 9; @c[7] = 10;
  @d[(int8)-1] = @a[(uint8)200] + @a[-3];
  exit(); })"),
            "\n\n@a[-3]: 2\n@a[1]: 3\n@a[200]: 4\n@b[-2, 250, x]: 7\n@b[300, 1, y]: 8\n"
            "@c[4000000000]: 9\n@c[7]: 10\n@d[-1]: 6\n");
}

// Aggregations keep their bucket index after a key of one byte.
TEST_F(MapKeyTypesTest, AggregationsUnderNarrowKeys) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  @h[(uint8)1] = hist(5); @h[(uint8)1] = hist(6);
  @l[(int16)-1] = lhist(3, 0, 10, 5);
  @s[(uint8)2, (int8)-2] = sum(10); @s[(uint8)2, (int8)-2] = sum(5);
  @n[(uint16)9] = count();
  exit(); })"),
            "\n\n@h[1]:\n" + histBucketLine("[4, 8)", 2, 2) + "\n\n@l[-1]:\n" +
                histBucketLine("[0, 5)", 1, 1) + "\n\n@n[9]: 1\n@s[2, -2]: 15\n");
}

// has_key(), delete() and a wildcard delete build the key at the stored
// size; a loop reads it back with its sign.
TEST_F(MapKeyTypesTest, LookupsDeletesAndLoopsFindNarrowKeys) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  @a[(int8)-5] = 1; @a[1000] = 2; @a[3] = 3;
  printf("%d %d %d\n", has_key(@a, -5), has_key(@a, (uint8)3), has_key(@a, 4));
  delete(@a, -5);
  @w[(uint8)1, (int16)2] = 1; @w[(uint8)1, (int16)-3] = 2; @w[2, 3] = 3;
  delete(@w[1, *]);
  for ($kv : @a) { @k[-$kv.0] = $kv.1; }
  exit(); })"),
            "1 1 0\n\n\n@a[1000]: 2\n@a[3]: 3\n@k[-1000]: 2\n@k[-3]: 3\n@w[2, 3]: 3\n");
}

// As bpftrace: a uint64 key and a signed one have no common type.
TEST_F(MapKeyTypesTest, AUint64KeyAndASignedKeyAreAnError) {
  RunResult r = runBpfscope({"-e", "BEGIN { @m[-1] = 1; @m[nsecs] = 2; exit(); }"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(hasLine(r.err, "stdin:1:24: ERROR: @m key 1 has type uint64 here but int8 elsewhere"))
      << r.err;
  EXPECT_TRUE(
      hasLine(r.err, "HINT: no integer type holds every int8 and uint64 value: cast one of them"))
      << r.err;
}

} // namespace
} // namespace bpfscope::e2e
