// Integer operators at the promoted operands' size, run in the kernel: two
// uint32 values add as a uint32 and wrap at 32 bits, a constant does not
// widen the other operand, and map keys hold the wrapped value.

#include "harness.h"

namespace bpfscope::e2e {
namespace {

class IntegerPromotionTest : public E2ETest {};

// bpftrace 0.17 computed every operator at 64 bits and prints the same here
// only because %d and %u narrow to int; a uint64 operand widens the sum.
TEST_F(IntegerPromotionTest, ThirtyTwoBitOperandsWrapAtThirtyTwoBits) {
  auto result = runBpfscope({"-e", R"(BEGIN {
  $a = (uint32)0xffffffff; $b = (uint32)1; $s = (int32)2147483647;
  printf("%d %d %d\n", $a + $b, $a + 1, $s + (int32)1);
  printf("%u %lu\n", $a * (uint32)2, $a + (uint64)1);
  exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "0 0 -2147483648\n4294967294 4294967296\n\n\n");
}

// bpftrace 0.17 did these at 64 bits ("256 65536 -129 256", "510 510 256");
// the newest bpftrace promotes to the wider operand only.
TEST_F(IntegerPromotionTest, SmallOperandsWrapAtTheirSize) {
  auto result = runBpfscope({"-e", R"(BEGIN {
  $c = (uint8)255; $h = (uint16)65535; $n = (int8)-128;
  printf("%d %d %d %d\n", $c + (uint8)1, $h + 1, $n - (int8)1, $c + (uint16)1);
  printf("%d %d %d\n", $c << 1, $c * 2, ($c > 0 ? $c : (uint8)0) + (uint8)1);
  exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "0 0 127 256\n254 254 0\n\n\n");
}

// As in the newest bpftrace (PR #5138) a difference of unsigned operands is
// signed: print() shows -1 where bpftrace 0.17 showed 18446744073709551615
// (its printf("%d") shows -1 too, as here).
TEST_F(IntegerPromotionTest, SubtractionOfUnsignedOperandsIsSigned) {
  auto result = runBpfscope({"-e", R"(BEGIN {
  $y = (uint8)1; $w = (uint32)1;
  printf("%d %d %d\n", $y - 2, $w - (uint32)2, (uint64)3 - (uint64)5);
  print($y - 2); print((uint16)0 - 1); print($w - 3);
  $s = nsecs; $d = nsecs - $s; print($d >= 0);
  exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err.find("WARNING"), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "-1 -1 -2\n-1\n-1\n-2\ntrue\n\n\n");
}

// `$x op= v` is `$x = $x op v`: the operator's result is 64 bits wide, so a
// variable that may widen does, and by the final pass of type checking the
// addition works at 64 bits (bpftrace's passes do the same); only a variable
// declared with a type keeps it, and wraps.
TEST_F(IntegerPromotionTest, CompoundAssignmentWidensTheVariable) {
  auto result = runBpfscope({"-e", R"(BEGIN {
  $x = (uint32)0xffffffff; $x += 1;
  $y = (uint8)250; $y += (uint8)10;
  let $z: uint8 = 250; $z += (uint16)10;
  printf("%lu %d %d %d\n", $x, $y, $z, sizeof($x));
  exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "4294967296 260 4 8\n\n\n");
}

// bpftrace 0.17: @k[256], @k[4294967297] and @v: 8589934590.
TEST_F(IntegerPromotionTest, MapKeysAndValuesHoldTheWrappedValue) {
  auto result = runBpfscope({"-e", R"(BEGIN {
  $c = (uint8)255; $w = (uint32)0xffffffff;
  @k[$c + (uint8)1] = 1; @k[$w + 2] = 2; @v = $w + $w;
  exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@k[0]: 1\n@k[1]: 2\n@v: 4294967294\n");
}

// A uint64 and a signed operand have no common type: bpftrace warns, and
// compares them as unsigned values (so -1 is the larger), as 0.17 does.
TEST_F(IntegerPromotionTest, Uint64AgainstASignedValueComparesUnsigned) {
  auto result = runBpfscope({"-e", R"(BEGIN {
  $a = (uint64)1; $b = (int64)-1;
  printf("%d %d\n", $a < $b, $a + $b);
  exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "1 0\n\n\n");
  EXPECT_NE(result.err.find("WARNING: comparison of integers of different signs: 'uint64' and "
                            "'int64' can lead to undefined behavior"),
            std::string::npos)
      << result.err;
}

} // namespace
} // namespace bpfscope::e2e
