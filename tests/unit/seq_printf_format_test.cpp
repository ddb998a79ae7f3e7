#include "sema/seq_printf_format.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

const Type kInt = Type::integer(8, true);
const Type kString = Type::string(16);
const std::string kIter = "printf in a pinned iterator";

TEST(SeqPrintfFormat, IntegersTakeSixtyFourBitsAndFlagsAndWidthsStay) {
  EXPECT_EQ(kernelSeqFormat("%d %i %u %x %X\n"), "%lld %lli %llu %llx %llX\n");
  EXPECT_EQ(kernelSeqFormat("%-6d|%05u|%+d|% d"), "%-6lld|%05llu|%+lld|% lld");
  EXPECT_EQ(kernelSeqFormat("%ld %llu %hhx"), "%lld %llu %llx");
}

TEST(SeqPrintfFormat, StringsCharsAndPercentSigns) {
  EXPECT_EQ(kernelSeqFormat("%-16s %c 100%%"), "%-16s %c 100%%");
  EXPECT_EQ(kernelSeqFormat("no conversions"), "no conversions");
}

TEST(SeqPrintfFormat, WhatTheKernelFormatsIsAccepted) {
  EXPECT_EQ(seqPrintfProblem(kIter, "%s %d %c %x", {kString, kInt, kInt, Type::pointer()}), "");
}

TEST(SeqPrintfFormat, WhatItCannotFormatIsRefused) {
  EXPECT_EQ(seqPrintfProblem(kIter, "%o", {kInt}),
            "printf in a pinned iterator cannot print %o: the kernel formats the text, and knows "
            "%d %i %u %x %X %c and %s");
  EXPECT_EQ(seqPrintfProblem(kIter, "%.2d", {kInt}),
            "printf in a pinned iterator takes no '#', precision or '*' (in %d): the kernel "
            "formats the text");
  EXPECT_EQ(seqPrintfProblem(kIter, "%#x", {kInt}),
            "printf in a pinned iterator takes no '#', precision or '*' (in %x): the kernel "
            "formats the text");
  EXPECT_EQ(seqPrintfProblem(kIter, "%d", {kString}),
            "printf in a pinned iterator cannot print a string[16] with %d: the kernel formats "
            "the text");
  std::vector<Type> thirteen(13, kInt);
  EXPECT_EQ(seqPrintfProblem(kIter, std::string(26, ' '), thirteen),
            "printf in a pinned iterator takes at most 12 arguments, not 13");
}

TEST(SeqPrintfFormat, TheCallerNamesItself) {
  EXPECT_EQ(seqPrintfProblem("debugf", "%f", {kInt}),
            "debugf cannot print %f: the kernel formats the text, and knows %d %i %u %x %X %c "
            "and %s");
}

} // namespace
} // namespace bpfscope
