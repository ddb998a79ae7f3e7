// Examples of bpftrace's language reference (docs/language.md) that bpfscope
// once got wrong, run on the real kernel with their documented output.
#include "harness.h"

namespace bpfscope::e2e {
namespace {

class LanguageReferenceTest : public E2ETest {};

// "Map Printing": config print_maps_on_exit=0 prints no map at exit.
TEST_F(LanguageReferenceTest, PrintMapsOnExitOffPrintsNoMaps) {
  EXPECT_EQ(quietScriptOutput(R"T(config = { print_maps_on_exit=0 }
    BEGIN { @a = 1; @b[1] = 1; exit(); })T"),
            "\n\n");
  EXPECT_EQ(quietScriptOutput(R"T(config = { print_maps_on_exit = false }
    BEGIN { @a = 1; printf("%d\n", @a); exit(); })T"),
            "1\n\n\n");
  EXPECT_EQ(quietScriptOutput("config = { print_maps_on_exit = true } BEGIN { @a = 1; exit(); }"),
            "\n\n@a: 1\n");
}

// "Array casts": the length may be left out; it is the cast value's size.
TEST_F(LanguageReferenceTest, ArrayCastWithoutALength) {
  EXPECT_EQ(quietScriptOutput(R"T(BEGIN { $a = (uint8[])(uint32)0x01020304;
    printf("%d %d %d\n", $a[0], $a[3], (uint32)$a);
    $w = (uint16[])(uint64)0x00050004;
    printf("%d %d\n", $w[0], $w[1]); exit(); })T"),
            "4 1 16909060\n4 5\n\n\n");
}

// "String": a string casts back to a byte array, its NUL included.
TEST_F(LanguageReferenceTest, StringCastsToAByteArray) {
  EXPECT_EQ(quietScriptOutput(R"T(BEGIN { $s = (int8[])"ab";
    printf("%d %d %d\n", $s[0], $s[1], $s[2]);
    $t = (uint8[3])"xy"; printf("%d\n", $t[1]); exit();
})T"),
            "97 98 0\n121\n\n\n");
}

// "Relational Operators": == and != compare tuples and integer arrays too.
TEST_F(LanguageReferenceTest, TuplesAndArraysCompare) {
  EXPECT_EQ(quietScriptOutput(R"T(BEGIN {
    $t = (1, (2, "s"));
    printf("%d %d %d %d\n", (1, "a") == (1, "a"), (1, "a") != (1, "b"), $t == (1, (2, "s")),
           $t == (1, (3, "s")));
    printf("%d %d\n", (a=1, b="x") == (b="x", a=1), (a=1, b="x") == (a=2, b="x"));
    printf("%d %d\n", (uint8[4])(uint32)5 == (uint8[4])(uint32)5,
           (uint8[4])(uint32)5 != (uint8[4])(uint32)6);
    $c = (comm, pid); printf("%d\n", $c == (comm, pid)); exit(); })T"),
            "1 1 1 0\n1 0\n1 1\n1\n\n\n");
}

// "Action Blocks": [name=]probe; the name is reserved and changes nothing.
TEST_F(LanguageReferenceTest, NamedActionBlock) {
  EXPECT_EQ(quietScriptOutput(R"T(start=BEGIN, END { printf("%s\n", probe); }
    BEGIN { exit(); })T"),
            "BEGIN\nEND\n\n\n");
}

// "Data Types": a variable that held a uint32 and is given an int32 holds
// both, as an int64.
TEST_F(LanguageReferenceTest, MixedSignednessVariablesWiden) {
  EXPECT_EQ(quietScriptOutput(R"T(BEGIN { $a = (int32)-1; $a = (uint32)4000000000;
    print($a); $b = (uint8)200; $b = (int8)-2; print($b); exit(); })T"),
            "4000000000\n-2\n\n\n");
}

// "Address Spaces": *uptr(kaddr("…")); dereferencing an address (an
// integer or an untyped pointer) reads 64 bits there, as bpftrace does.
TEST_F(LanguageReferenceTest, DereferencingAnAddressReadsAnInt64) {
  EXPECT_EQ(quietScriptOutput(R"T(BEGIN { $a = kaddr("vfs_read");
    printf("%d\n", *$a == *(int64 *)$a); exit(); })T"),
            "1\n\n\n");
}

} // namespace
} // namespace bpfscope::e2e
