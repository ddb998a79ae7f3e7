// Values as the newest bpftrace prints them: strings str() cut at max_strlen
// with the str_trunc_trailer, buf() of a short string literal padded to its
// length, `config` read in a script, the licence the programs load with, and
// the `__builtin_*` names of the builtins. Expected texts follow the newest
// bpftrace's runtime tests and docs (0.17 has none of these).
#include "harness.h"

#include <gmock/gmock.h>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

class ValueOutputTest : public E2ETest {
protected:
  // Runs `probe_body` on bpfs_open's one openat of /nonexistent/bpfscope.
  static RunResult onOpen(const std::string &preamble, const std::string &probe_body) {
    RunOptions options;
    options.workload = {workloadPath("bpfs_open"), "/nonexistent/bpfscope", "1"};
    options.sigintAfter = milliseconds(200);
    return runBpfscope({"-e", preamble + R"( tracepoint:syscalls:sys_enter_openat
                        /comm == "bpfs_open"/ { )" +
                                  probe_body + " }"},
                       options);
  }
};

// With max_strlen below 1024 the newest bpftrace reads one byte past the
// string's type: a string as long as max_strlen or longer fills the type
// without a NUL and prints its first max_strlen characters and the trailer
// (its runtime test str_truncated_custom). str(p, n) keeps n characters.
TEST_F(ValueOutputTest, StrCutAtMaxStrlenPrintsTheTrailer) {
  RunResult result = onOpen("config = { max_strlen = 5 }",
                            R"(printf("%s|%s\n", str(args.filename), str(args.filename, 3));
                               print(str(args.filename)); @[str(args.filename)] = count();)");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "/none..|/no\n/none..\n\n\n@[/none..]: 1\n");
}

TEST_F(ValueOutputTest, StrTruncTrailerReplacesTheDots) {
  RunResult result = onOpen(R"(config = { max_strlen = 5; str_trunc_trailer = "_xxx" })",
                            R"(printf("P: %s\n", str(args.filename));)");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "P: /none_xxx\n\n\n");
}

// At the default max_strlen (1024) the read keeps the NUL inside the string:
// str(p, n) keeps n - 1 characters, as the newest bpftrace's docs say.
TEST_F(ValueOutputTest, StrOfTheDefaultSize) {
  RunResult result = onOpen("", R"(printf("%s|%s\n", str(args.filename), str(args.filename, 3));)");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "/nonexistent/bpfscope|/n\n\n\n");
}

// bpftrace's runtime tests buf_map_multikey and buf_hist_map_key: the literal
// is padded with NULs to the length asked for.
TEST_F(ValueOutputTest, BufOfAShortStringLiteralIsPadded) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @[buf("ok_key", 8), 1] = count(); @k[buf("ok_key", 6)] = 1;
    @v = buf("ok_value", 8); printf("%rx\n", buf("ab", 4)); exit(); })"),
            "\\x61\\x62\\x00\\x00\n\n\n@[ok_key\\x00\\x00, 1]: 1\n@k[ok_key]: 1\n@v: ok_value\n");
}

// bpftrace's runtime test "config builtin reads integer, string, and boolean",
// then the forms its standard library and docs use.
TEST_F(ValueOutputTest, ConfigReadsTheConfigVariables) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { printf("%d %s %d\n", config().max_strlen,
    config().stack_mode, config().cpp_demangle); exit(); })"),
            "1024 bpftrace 1\n\n\n");
  EXPECT_EQ(quietScriptOutput(R"(config = { max_strlen = 64; stack_mode = perf }
    BEGIN { printf("%d %s %s %d\n", config.max_strlen, config.stack_mode, config().license,
      __builtin_config.max_map_keys); $c = config; print($c.str_trunc_trailer); exit(); })"),
            "64 perf GPL 4096\n..\n\n\n");
}

TEST_F(ValueOutputTest, TheWholeConfigPrintsAsARecord) {
  EXPECT_EQ(quietScriptOutput("config = { max_cat_bytes = 20 } BEGIN { print(config); exit(); }"),
            "{ .cpp_demangle = true, .lazy_symbolication = false, .print_maps_on_exit = true, "
            ".use_blazesym = false, .show_debug_info = false, .log_size = 1000000, "
            ".max_bpf_progs = 1024, .max_cat_bytes = 20, .max_map_keys = 4096, .max_probes = "
            "1024, .max_strlen = 1024, .on_stack_limit = 32, .perf_rb_pages = 0, "
            ".str_trunc_trailer = .., .unstable_import_statement = error, .unstable_tseries = "
            "warn, .unstable_typeinfo = error, .unstable_dw_ustack = error, .missing_probes = "
            "error, .stack_mode = bpftrace, .license = GPL }\n\n\n");
}

// The programs load with the licence the script names; any GPL-compatible
// one lets them call GPL-only helpers (str() is bpf_probe_read_str).
TEST_F(ValueOutputTest, AGplCompatibleLicenceLoads) {
  EXPECT_EQ(quietScriptOutput(R"(config = { license = "Dual MIT/GPL" }
    BEGIN { printf("\"%s\" %s\n", str(0), config.license); exit(); })"),
            "\"\" Dual MIT/GPL\n\n\n");
}

TEST_F(ValueOutputTest, OtherLicencesAreRefused) {
  RunResult result =
      runBpfscope({"-e", R"(config = { license = "?" } BEGIN { printf("%s\n", str(0)); })"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("stdin:1:22: ERROR: Invalid value for license. Found: ?. "
                                    "Valid values: GPL, GPL v2, GPL and additional rights"));
}

TEST_F(ValueOutputTest, InternalBuiltinNames) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { printf("%s %d %d %s\n", __builtin_comm,
    __builtin_uid == uid, __builtin_ncpus() == ncpus, __builtin_probe); exit(); })"),
            "bpfscope 1 1 BEGIN\n\n\n");
  RunResult result = runBpfscope({"-e", "BEGIN { print(__builtin_pid); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("__builtin_pid"));
}

} // namespace
} // namespace bpfscope::e2e
