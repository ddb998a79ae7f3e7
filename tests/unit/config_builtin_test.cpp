// `config` as a value, the licence config variable and the newest bpftrace's
// `__builtin_*` names of its builtins, as sema sees them.
#include "check_script.h"
#include "sema/script_config.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;
using test::typedLine;

std::string dump(const std::string &text) {
  test::Checked c = check(text);
  if (!c.program)
    return c.diagnostics;
  return dumpAst(*c.program->ast, AstDumpTypes::Hide);
}

TEST(ConfigBuiltin, AMemberFoldsToTheVariablesValue) {
  EXPECT_EQ(typedLine("config = { max_strlen = 64 } BEGIN { $a = config.max_strlen; }", "Integer")
                .rfind("Integer 64 :: ", 0),
            0u);
  EXPECT_EQ(typedLine("BEGIN { $a = config().stack_mode; }", "String"),
            "String \"bpftrace\" :: string[9]");
  EXPECT_EQ(
      typedLine("config = { print_maps_on_exit = 0 } BEGIN { $a = config.print_maps_on_exit; }",
                "Bool"),
      "Bool false :: bool");
  EXPECT_EQ(typedLine("config = { str_trunc_trailer = \"~\" } BEGIN { $a = "
                      "__builtin_config.str_trunc_trailer; }",
                      "String"),
            "String \"~\" :: string[2]");
  EXPECT_EQ(
      typedLine("config = { unstable_tseries = true } BEGIN { $a = config.unstable_tseries; }",
                "String"),
      "String \"enable\" :: string[7]");
}

TEST(ConfigBuiltin, TheWholeConfigIsARecordInBpftracesOrder) {
  std::string ast = dump("BEGIN { print(config); }");
  EXPECT_NE(ast.find("Record cpp_demangle lazy_symbolication print_maps_on_exit use_blazesym "
                     "show_debug_info log_size max_bpf_progs max_cat_bytes max_map_keys max_probes "
                     "max_strlen on_stack_limit perf_rb_pages str_trunc_trailer "
                     "unstable_import_statement unstable_tseries unstable_typeinfo "
                     "unstable_dw_ustack missing_probes stack_mode license"),
            std::string::npos)
      << ast;
  EXPECT_NE(ast.find("Integer 4096"), std::string::npos) << ast;
  EXPECT_NE(ast.find("String \"GPL\""), std::string::npos) << ast;
}

TEST(ConfigBuiltin, AnUnknownMemberIsAnError) {
  auto c = check("BEGIN { $a = config.no_such_variable; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("no_such_variable"), std::string::npos) << c.diagnostics;
}

TEST(ConfigBuiltin, VariablesOutsideTheRecordAreSettableButNotMembers) {
  EXPECT_TRUE(check("config = { cache_user_symbols = PER_PID } BEGIN { exit(); }").program);
  auto c = check("BEGIN { $a = config.cache_user_symbols; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("cache_user_symbols"), std::string::npos) << c.diagnostics;
}

TEST(ConfigVariables, CountDefaultsComeFromTheTable) {
  ScriptConfig defaults;
  EXPECT_EQ(defaults.max_strlen, 1024u);
  EXPECT_EQ(defaults.max_map_keys, 4096u);
  EXPECT_EQ(configCount({}, "max_cat_bytes"), 10240u);
  EXPECT_EQ(configCount({{"max_cat_bytes", "7"}}, "max_cat_bytes"), 7u);
  EXPECT_EQ(defaultCount("stack_mode"), 0u);
}

TEST(ConfigLicense, GplCompatibleLicencesAreTaken) {
  auto c = check("config = { license = \"Dual BSD/GPL\" } BEGIN { $a = config.license; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->config.at("license"), "Dual BSD/GPL");
}

// The newest bpftrace loads every program as GPL-compatible (its standard
// library calls GPL-only kfuncs), so it refuses any other licence.
TEST(ConfigLicense, OtherLicencesAreRefused) {
  auto c = check("config = { license = \"MIT\" } BEGIN { }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find(
                "stdin:1:22: ERROR: Invalid value for license. Found: MIT. Valid values: GPL, "
                "GPL v2, GPL and additional rights, Dual BSD/GPL, Dual MIT/GPL, Dual MPL/GPL. Read "
                "more about BPF programs and licensing: "
                "https://docs.kernel.org/bpf/"
                "bpf_licensing.html#using-bpf-programs-in-the-linux-kernel"),
            std::string::npos)
      << c.diagnostics;
}

TEST(InternalBuiltinNames, NameTheBuiltins) {
  EXPECT_EQ(typedLine("BEGIN { $c = __builtin_comm; }", "Builtin"), "Builtin comm :: string[16]");
  EXPECT_EQ(typedLine("BEGIN { $c = __builtin_cpu(); }", "Builtin"), "Builtin cpu :: uint32");
  EXPECT_EQ(typedLine("BEGIN { @[__builtin_ustack(raw, 3)] = count(); }", "Call"),
            "Call ustack :: ustack");
}

TEST(InternalBuiltinNames, OnlyTheNewestBpftracesNames) {
  auto c = check("BEGIN { $p = __builtin_pid; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("__builtin_pid"), std::string::npos) << c.diagnostics;
}

} // namespace
} // namespace bpfscope
