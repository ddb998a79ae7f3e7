#include "parser/diagnostics.h"
#include "parser/source.h"
#include "sema/bool_words.h"
#include "sema/script_config.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

TEST(BoolWords, TrueAndFalseInAnyCaseOrOneAndZero) {
  EXPECT_EQ(parseBoolWord("true"), true);
  EXPECT_EQ(parseBoolWord("FALSE"), false);
  EXPECT_EQ(parseBoolWord("False"), false);
  EXPECT_EQ(parseBoolWord("1"), true);
  EXPECT_EQ(parseBoolWord("0"), false);
  EXPECT_EQ(parseBoolWord("yes"), std::nullopt);
  EXPECT_EQ(parseBoolWord("01"), std::nullopt);
  EXPECT_EQ(parseBoolWord(""), std::nullopt);
}

// A config switch reads the same words as a named parameter, so
// BPFTRACE_CPP_DEMANGLE=False turns demangling off as --flag=False would.
TEST(BoolWords, ConfigSwitchesFromTheEnvironmentTakeAnyCase) {
  SourceFile source("stdin", "");
  Diagnostics diags(source);
  ScriptConfig config = resolveConfig({}, {{"cpp_demangle", "False"}}, diags);
  EXPECT_FALSE(diags.hasErrors());
  EXPECT_TRUE(switchedOff(config.all, "cpp_demangle"));

  ScriptConfig on = resolveConfig({}, {{"print_maps_on_exit", "TRUE"}}, diags);
  EXPECT_FALSE(switchedOff(on.all, "print_maps_on_exit"));
}

} // namespace
} // namespace bpfscope
