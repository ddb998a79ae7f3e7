// Malformed and hostile scripts (issue 6): truncated input, binary junk,
// absurd numbers, 10 000 probes, unterminated strings and comments, deep
// nesting, wrong types everywhere, and broken uses of for loops, tuples,
// casts, printf formats, config blocks and preamble types. Each must end in a
// located error — FILE:LINE:COL: ERROR:, the source line, a caret under the
// column — on the expected line: never a crash, a hang, or an error without a
// place.
#include "check_script.h"

#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace bpfscope {
namespace {

struct Hostile {
  const char *name;
  std::string text;
  int line; // of the first error
};

std::string repeat(const std::string &text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += text;
  return out;
}

// Printable junk, the same every run.
std::string seededJunk(int length) {
  std::string out;
  for (int i = 0; i < length; ++i)
    out += static_cast<char>((i * 7919 + 13) % 94 + 33);
  return out;
}

// "@m0 = 0;\n@m1 = 1;\n…"
std::string numberedMaps(int count) {
  std::string out;
  for (int i = 0; i < count; ++i)
    out += "@m" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  return out;
}

std::vector<Hostile> hostileScripts() {
  return {
      {"truncated_0", "BEGIN", 1},
      {"truncated_1", "BEGIN {", 1},
      {"truncated_2", "BEGIN { printf(", 1},
      {"truncated_3", "BEGIN { printf(\"x\"", 1},
      {"truncated_4", "BEGIN { @x = ", 1},
      {"truncated_5", "BEGIN { @x[1", 1},
      {"truncated_6", "BEGIN { if (", 1},
      {"truncated_7", "BEGIN { if (1) {", 1},
      {"truncated_8", "BEGIN { $x = 1 +", 1},
      {"truncated_9", "kprobe:", 1},
      {"truncated_10", "BEGIN { @x = count(", 1},
      {"truncated_11", "interval:s:", 1},
      {"truncated_12", "BEGIN /", 1},
      {"truncated_13", "BEGIN /pid", 1},
      {"truncated_14", "BEGIN /pid == 1/", 1},
      {"truncated_15", "BEGIN { for ($i : 0..", 1},
      {"truncated_16", "BEGIN { while (1", 1},
      {"truncated_17", "BEGIN { @x = (1,", 1},
      {"truncated_18", "BEGIN { @x = 1; }\nEND {", 2},
      {"truncated_19", "struct foo { int x;", 1},
      {"truncated_20", "BEGIN { unroll(3", 1},
      {"truncated_21", "config = {", 1},
      {"truncated_22", "BEGIN { $x = 1; } interval", 1},
      {"truncated_23", "BEGIN { @x = 1 ? 2 :", 1},
      {"elvis_statement_of_a_call", "BEGIN { $a = 0; $a ?: printf(\"x\\n\"); }", 1},
      {"truncated_24", "BEGIN { $x = (uint8", 1},
      {"truncated_25", "BEGIN { @x[1,", 1},
      {"truncated_26", "BEGIN { print(@x,", 1},
      {"truncated_27", "BEGIN { exit(); } END { printf(\"%d\\n\", @x", 1},
      {"junk_nul",
       std::string("\x00"
                   "",
                   1),
       1},
      {"junk_elf_header",
       std::string("\x7f"
                   "ELF\x02"
                   "\x01"
                   "\x01"
                   "\x00"
                   "\x00"
                   "\x00"
                   "\x00"
                   "\x00"
                   "\x00"
                   "\x00"
                   "\x00"
                   "\x00"
                   "",
                   16),
       1},
      {"junk_control_char_in_block",
       "BEGIN { \x01"
       " }",
       1},
      {"junk_bom",
       "\xef"
       "\xbb"
       "\xbf"
       "BEGIN { exit(); }",
       1},
      {"junk_utf8_map_name",
       "BEGIN { @\xc3"
       "\xa9"
       " = 1; }",
       1},
      {"junk_escape_sequence",
       "BEGIN { \x1b"
       "[31m }",
       1},
      {"junk_high_bytes",
       "BEGIN { \xff"
       "\xfe"
       " }",
       1},
      {"junk_nul_after_probe",
       std::string("BEGIN { exit(); }\n\x00"
                   "\x00"
                   "\x00"
                   "",
                   21),
       2},
      {"junk_backslash", "BEGIN { \\ }", 1},
      {"junk_dollar", "BEGIN { $ = 1; }", 1},
      {"junk_random_punct", "BEGIN { ;;;;; ]]]] }", 1},
      {"junk_bytes_seeded", seededJunk(300), 1},
      {"num_integer_overflow", "BEGIN { @x = 99999999999999999999999; }", 1},
      {"num_hex_overflow", "BEGIN { @x = 0x1ffffffffffffffff; }", 1},
      {"num_interval_overflow", "interval:s:99999999999999999999 { exit(); }", 1},
      {"num_interval_zero", "interval:ms:0 { exit(); }", 1},
      {"num_lhist_step_zero", "BEGIN { @x = lhist(1, 0, 10, 0); }", 1},
      {"num_lhist_min_above_max", "BEGIN { @x = lhist(1, 10, 0, 1); }", 1},
      {"num_exit_overflow", "BEGIN { exit(99999999999999999999); }", 1},
      {"num_float_literal", "BEGIN { $a = 1.5; }", 1},
      {"num_profile_zero_hz", "profile:hz:0 { exit(); }", 1},
      {"num_kstack_frames", "BEGIN { @x[kstack(99999)] = 1; }", 1},
      {"num_cast_array_count", "BEGIN { $x = (uint8[99999999999999999999])0; }", 1},
      {"num_config_strlen_overflow",
       "config = { max_strlen = 99999999999999999999 }\nBEGIN { exit(); }", 1},
      {"num_lhist_huge_range", "BEGIN { @x = lhist(1, 0, 9223372036854775807, 1); }", 1},
      {"num_unroll_huge", "BEGIN { unroll(1000000) { @x = 1; } }", 1},
      {"num_unroll_zero", "BEGIN { unroll(0) { @x = 1; } }", 1},
      {"num_octal_bad_digit", "BEGIN { @x = 09; }", 1},
      {"num_underscores", "BEGIN { @x = 1__; }", 1},
      {"num_shift_out_of_range", "BEGIN { @x = 1 << 99999999999999999999; }", 1},
      {"probes_10000_then_type_error",
       repeat("BEGIN { @x = 1; }\n", 10000) + "BEGIN { @y = \"a\" + 1; }", 10001},
      {"probes_10000_then_syntax_error",
       repeat("interval:s:1 { @x = 1; }\n", 10000) + "BEGIN { @y = ; }", 10001},
      {"statements_10000_then_error", "BEGIN {\n" + repeat("@x = 1;\n", 10000) + "@x = \"a\";\n}",
       10002},
      {"attach_points_10000",
       "BEGIN { exit(); }\n" + repeat("interval:s:1,", 9999) + "interval:s:1 { @x = \"a\" + 1; }",
       2},
      {"maps_10000_then_error", "BEGIN {\n" + numberedMaps(10000) + "@m1 = \"a\";\n}", 10002},
      {"unterminated_string", "BEGIN { printf(\"abc); }", 1},
      {"unterminated_block_comment", "/* never closed\nBEGIN { exit(); }", 1},
      {"unterminated_comment_after_probe", "BEGIN { exit(); } /* x", 1},
      {"unterminated_string_escape", "BEGIN { printf(\"a\\", 1},
      {"single_quoted_string", "BEGIN { $x = 'a'; }", 1},
      {"newline_in_string", "BEGIN { printf(\"a\nb\"); }", 1},
      {"comment_only", "// nothing but a comment", 1},
      {"empty_script", "", 1},
      {"whitespace_only", "   \n\t\n  ", 1},
      {"bad_escape", "BEGIN { @x = \"\\q\"; }", 1},
      {"bad_hex_escape", "BEGIN { @x = \"\\x\"; }", 1},
      {"bad_octal_escape", "BEGIN { @x = \"\\777\"; }", 1},
      {"unterminated_string_in_attach", "uprobe:\"/bin/ls:main { exit(); }", 1},
      {"nested_parens_100000",
       "BEGIN { @x = " + repeat("(", 100000) + "1" + repeat(")", 100000) + "; }", 1},
      {"nested_parens_unclosed", "BEGIN { @x = " + repeat("(", 100000) + "1; }", 1},
      {"nested_blocks_5000",
       "BEGIN { " + repeat("if (1) { ", 5000) + "@x = 1;" + repeat(" }", 5000) + " }", 1},
      {"nested_unary_100000", "BEGIN { @x = " + repeat("-", 100000) + "1; }", 1},
      {"nested_not_100000", "BEGIN { @x = " + repeat("!", 100000) + "1; }", 1},
      {"nested_ternary_10000", "BEGIN { @x = " + repeat("1 ? 2 : ", 10000) + "3; }", 1},
      {"nested_casts_10000", "BEGIN { @x = " + repeat("(uint8)", 10000) + "1; }", 1},
      {"nested_tuples_10000",
       "BEGIN { @x = " + repeat("(1, ", 10000) + "2" + repeat(")", 10000) + "; }", 1},
      {"long_sum_200000", "BEGIN { @x = 1" + repeat(" + 1", 200000) + " + \"a\"; }", 1},
      {"nested_calls_10000",
       "BEGIN { @x = " + repeat("str(", 10000) + "0" + repeat(")", 10000) + "; }", 1},
      {"nested_deref_100000", "BEGIN { @x = " + repeat("*", 100000) + "0; }", 1},
      {"nested_while_1000", "BEGIN { " + repeat("while (1) { ", 1000) + repeat(" }", 1000) + " }",
       1},
      {"wrong_type_0", "BEGIN { @x = \"a\" + 1; }", 1},
      {"wrong_type_1", "BEGIN { if (comm == 1) { exit(); } }", 1},
      {"wrong_type_2", "BEGIN { @x = count(); @x = 1; }", 1},
      {"wrong_type_3", "BEGIN { @x = 1; @x = \"a\"; }", 1},
      {"wrong_type_4", "BEGIN { @x[1] = 1; @x[\"a\"] = 2; }", 1},
      {"wrong_type_5", "BEGIN { $x = 1; $x = \"a\"; }", 1},
      {"wrong_type_6", "BEGIN { if (\"a\") { exit(); } }", 1},
      {"wrong_type_7", "BEGIN { printf(1); }", 1},
      {"wrong_type_8", "BEGIN { printf(\"%d\\n\", \"a\"); }", 1},
      {"wrong_type_9", "BEGIN { exit(\"a\"); }", 1},
      {"wrong_type_10", "BEGIN { @x = hist(\"a\"); }", 1},
      {"wrong_type_11", "BEGIN { @x = lhist(1, \"a\", 10, 1); }", 1},
      {"wrong_type_12", "BEGIN { @x = sum(\"a\"); }", 1},
      {"wrong_type_13", "BEGIN { delete(1); }", 1},
      {"wrong_type_14", "BEGIN { clear(1); }", 1},
      {"wrong_type_15", "BEGIN { $x = comm * 2; }", 1},
      {"wrong_type_16", "BEGIN { $x = -comm; }", 1},
      {"wrong_type_17", "BEGIN { $x = ~\"a\"; }", 1},
      {"wrong_type_18", "BEGIN { @x = \"a\"; @x++; }", 1},
      {"wrong_type_19", "BEGIN { $t = (1, 2); $t.2; }", 1},
      {"wrong_type_20", "BEGIN { $x = 1; $y = $x.foo; }", 1},
      {"wrong_type_21", "BEGIN { $x = 1; $y = $x[0]; }", 1},
      {"wrong_type_22", "BEGIN { $x = kstack + 1; }", 1},
      {"wrong_type_23", "BEGIN { @x = count() + 1; }", 1},
      {"wrong_type_24", "BEGIN { $x = strncmp(1, 2, 3); }", 1},
      {"wrong_type_25", "BEGIN { signal(\"NOTASIG\"); }", 1},
      {"wrong_type_27", "BEGIN { $x = ntop(\"a\"); }", 1},
      {"wrong_type_28", "BEGIN { $x = sizeof(struct nonexistent_zz); }", 1},
      {"wrong_type_29", "BEGIN { @x[1] = 1; @x[1, 2] = 2; }", 1},
      {"wrong_type_31", "BEGIN { $x = strftime(1, 2); }", 1},
      {"wrong_type_32", "BEGIN { time(1); }", 1},
      {"wrong_type_33", "BEGIN { cat(1); }", 1},
      {"wrong_type_34", "BEGIN { system(1); }", 1},
      {"wrong_type_35", "BEGIN { @x = avg(); }", 1},
      {"wrong_type_36", "BEGIN { @x = min(); }", 1},
      {"wrong_type_37", "BEGIN { @x = 1; @y = @x + @z; }", 1},
      {"wrong_type_38", "BEGIN { $x = $y; }", 1},
      {"wrong_type_39", "BEGIN { @x = nosuchfunc(1); }", 1},
      {"wrong_type_40", "BEGIN { @x = nosuchbuiltin; }", 1},
      {"wrong_type_41", "BEGIN { $x = args.foo; }", 1},
      {"wrong_type_42", "BEGIN { $x = retval; }", 1},
      {"wrong_type_43", "BEGIN { $x = arg0; }", 1},
      {"wrong_type_44", "BEGIN { @x = (1, \"a\"); @x = (\"a\", 1); }", 1},
      {"wrong_type_45", "BEGIN { @x = 1 && \"a\"; }", 1},
      {"wrong_type_46", "BEGIN { $x = 1; $x += \"a\"; }", 1},
      {"wrong_type_47", "BEGIN { print(@nosuchmap); }", 1},
      {"wrong_type_48", "BEGIN { @x = 1; print(@x, \"a\"); }", 1},
      {"wrong_type_49", "BEGIN { @x = count(); print(@x, 1, \"a\"); }", 1},
      {"wrong_type_50", "BEGIN { $x = uptr(\"a\"); }", 1},
      {"wrong_type_51", "BEGIN { $x = kptr(\"a\"); }", 1},
      {"wrong_type_52", "BEGIN { $x = ksym(\"a\"); }", 1},
      {"wrong_type_53", "BEGIN { $x = (1, 2) == 1; }", 1},
      {"wrong_type_54", "BEGIN { $x = buf(1, \"a\"); }", 1},
      {"wrong_type_55", "BEGIN { $x = strcontains(1, 2); }", 1},
      {"wrong_type_56", "BEGIN { @ = count(); @ = 1; }", 1},
      {"wrong_type_57", "BEGIN { $x = has_key(1, 2); }", 1},
      {"wrong_type_58", "BEGIN { $x = len(1); }", 1},
      {"for_loop_0", "BEGIN { for ($kv : @undefined) { } }", 1},
      {"for_loop_1", "BEGIN { for ($kv : 1) { } }", 1},
      {"for_loop_2", "BEGIN { @m[1] = 2; for ($kv : @m) { $x = $kv.2; } }", 1},
      {"for_loop_3", "BEGIN { @m[1] = 2; for ($kv : @m) { $kv = 1; } }", 1},
      {"for_loop_4", "BEGIN { @m[1] = 2; for (@x : @m) { } }", 1},
      {"for_loop_5", "BEGIN { for ($i : 0..) { } }", 1},
      {"for_loop_6", "BEGIN { for ($i : \"a\"..\"b\") { } }", 1},
      {"for_loop_7", "BEGIN { @m[1] = 2; for $kv @m { } }", 1},
      {"for_loop_8", "BEGIN { @m[1] = 2; for ($kv in @m) { } }", 1},
      {"for_loop_9", "BEGIN { @m[1] = 2; for ($kv : @m) { $y = $kv.0 + \"a\"; } }", 1},
      {"for_loop_10", "BEGIN { @m = count(); for ($kv : @m) { } }", 1},
      {"for_loop_11", "BEGIN { @m[1] = 2; for ($kv : @m) { @m[3] = \"a\"; } }", 1},
      {"for_loop_12", "BEGIN { for ($i : 0..10) { $i = \"a\"; } }", 1},
      {"for_loop_13", "BEGIN { break; }", 1},
      {"for_loop_14", "BEGIN { continue; }", 1},
      {"for_loop_15", "BEGIN { @m[1] = 2; for ($kv : @m) { $z = args; } }", 1},
      {"tuple_0", "BEGIN { $t = (1, \"a\"); $x = $t.1 + 1; }", 1},
      {"tuple_1", "BEGIN { $t = (1, 2); $x = $t.5; }", 1},
      {"tuple_2", "BEGIN { $t = (1, 2); $x = $t.-1; }", 1},
      {"tuple_3", "BEGIN { $t = (1, 2); $x = $t.x; }", 1},
      {"tuple_4", "BEGIN { @x[(1, 2)] = 1; @x[1] = 2; }", 1},
      {"tuple_7", "BEGIN { $t = (1, 2); $t = (1, 2, 3); }", 1},
      {"tuple_8", "BEGIN { $t = (1, 2); $t.0 = 5; }", 1},
      {"tuple_9", "BEGIN { $t = (1, 2); $x = $t + $t; }", 1},
      {"tuple_10", "BEGIN { $t = (1, (2, \"a\")); $x = $t.1.1 * 2; }", 1},
      {"tuple_11", "BEGIN { $t = (1, 2); if ($t) { exit(); } }", 1},
      {"cast_0", "BEGIN { $x = (struct nonexist_zz *)0; }", 1},
      {"cast_1", "BEGIN { $x = (int128)1; }", 1},
      {"cast_2", "BEGIN { $x = (uint8[0])1; }", 1},
      {"cast_3", "BEGIN { $x = (string)1; }", 1},
      {"cast_4", "BEGIN { $x = (int32)\"a\"; }", 1},
      {"cast_5", "BEGIN { $x = (string[2])\"abc\"; }", 1},
      {"cast_6", "BEGIN { $x = (int8 *); }", 1},
      {"cast_7", "BEGIN { $x = (uint64)(1, 2); }", 1},
      {"cast_8", "BEGIN { $x = (void)1; }", 1},
      {"cast_9", "BEGIN { $x = (uint32 1; }", 1},
      {"cast_10", "BEGIN { $x = (uint8[4])kstack; }", 1},
      {"cast_11", "BEGIN { $x = (unsigned long long long)1; }", 1},
      {"cast_12", "BEGIN { $x = (struct)1; }", 1},
      {"cast_13", "BEGIN { $x = (uint8[-1])1; }", 1},
      {"printf_0", "BEGIN { printf(\"%d\\n\"); }", 1},
      {"printf_1", "BEGIN { printf(\"%d %d\\n\", 1); }", 1},
      {"printf_2", "BEGIN { printf(\"%s\\n\", 1, 2); }", 1},
      {"printf_3", "BEGIN { printf(\"%z\\n\", 1); }", 1},
      {"printf_4", "BEGIN { printf(\"%*d\\n\", 5, 1); }", 1},
      {"printf_5", "BEGIN { printf(\"%rx\\n\", 1); }", 1},
      {"printf_6", "BEGIN { printf(\"%d\\n\", (1, 2)); }", 1},
      {"printf_7", "BEGIN { printf(\"%c\\n\", \"a\"); }", 1},
      {"printf_8", "BEGIN { printf(\"%p\\n\", \"a\"); }", 1},
      {"printf_9", "BEGIN { $f = \"%d\"; printf($f, 1); }", 1},
      {"printf_10", "BEGIN { printf(); }", 1},
      {"printf_11", "BEGIN { printf(\"%d\\n\", kstack); }", 1},
      {"printf_13", "BEGIN { printf(\"%lld %hhd %q\\n\", 1, 2, 3); }", 1},
      {"printf_14", "BEGIN { system(\"echo %d\", \"a\"); }", 1},
      {"printf_15", "BEGIN { cat(\"%s/%s\", \"a\"); }", 1},
      {"printf_16", "BEGIN { time(\"%H\", 1); }", 1},
      {"config_0", "config = { max_strlen = \"a\" }\nBEGIN { exit(); }", 1},
      {"config_1", "config = { nonexistent_zz = 1 }\nBEGIN { exit(); }", 1},
      {"config_2", "config = { max_strlen = }\nBEGIN { exit(); }", 1},
      {"config_3", "config = max_strlen = 1\nBEGIN { exit(); }", 1},
      {"config_5", "config = { max_strlen = -5 }\nBEGIN { exit(); }", 1},
      {"config_6", "BEGIN { exit(); }\nconfig = { max_strlen = 64 }", 2},
      {"config_7", "config = { stack_mode = bogus }\nBEGIN { exit(); }", 1},
      {"config_8", "config = { max_map_keys = 0 }\nBEGIN { @x[1] = 1; }", 1},
      {"config_10", "config = { = 1 }\nBEGIN { exit(); }", 1},
      {"config_11", "config = { max_strlen = 99999999 }\nBEGIN { exit(); }", 1},
      {"preamble_0", "struct foo { int x; int x; };\nBEGIN { exit(); }", 1},
      {"preamble_1", "struct foo { struct bar_zz b; };\nBEGIN { exit(); }", 1},
      {"preamble_2", "struct foo { int x[99999999999]; };\nBEGIN { exit(); }", 1},
      {"preamble_3", "struct foo { int x : 99; };\nBEGIN { exit(); }", 1},
      {"preamble_4", "struct foo { int x; };\nstruct foo { int y; };\nBEGIN { exit(); }", 2},
      {"preamble_5", "struct foo { int x[2] int y; }\nBEGIN { exit(); }", 1},
      {"preamble_6", "struct foo { struct foo f; };\nBEGIN { exit(); }", 1},
      {"preamble_7", "enum e { A = 1, A = 2 };\nBEGIN { exit(); }", 1},
      {"preamble_8", "struct foo { int x; };\nBEGIN { $p = (struct foo *)0; $y = $p->y; }", 2},
      {"preamble_9", "#define X\nBEGIN { @x = X; }", 1},
      {"preamble_10", "#define X \"a\"\nBEGIN { @x = X + 1; }", 2},
      {"preamble_11", "#else\nBEGIN { exit(); }", 1},
      {"preamble_12", "#endif\nBEGIN { exit(); }", 1},
      {"preamble_13", "#ifdef FOO\nBEGIN { exit(); }", 1},
      {"preamble_14", "#if\nBEGIN { exit(); }\n#endif", 1},
      {"preamble_15", "struct foo { int x; };\nBEGIN { $s = (struct foo)1; }", 2},
      {"preamble_16", "union u { int a; char b[4] c; };\nBEGIN { exit(); }", 1},
      {"preamble_17", "struct foo { int x : 0; };\nBEGIN { exit(); }", 1},
      {"preamble_18", "struct foo { int x; };\nBEGIN { $x = offsetof(struct foo, nope); }", 2},
      {"preamble_19", "struct { int x; };\nBEGIN { exit(); }", 1},
  };
}

// The first diagnostic's location, then the source line it quotes and the
// caret line; parsed by hand because std::regex recurses on long lines.
struct FirstError {
  int line = 0;
  int column = 0;
  std::string caret_line;
};

std::optional<FirstError> firstError(const std::string &diagnostics) {
  const std::string prefix = "stdin:";
  if (diagnostics.rfind(prefix, 0) != 0)
    return std::nullopt;
  FirstError e;
  char colon = 0;
  std::istringstream header(diagnostics.substr(prefix.size(), 64));
  if (!(header >> e.line >> colon >> e.column) || colon != ':')
    return std::nullopt;
  size_t after_column = diagnostics.find(':', prefix.size() + std::to_string(e.line).size() + 1);
  if (diagnostics.compare(after_column, 9, ": ERROR: ") != 0)
    return std::nullopt;
  size_t source_line = diagnostics.find('\n') + 1;
  size_t caret_line = diagnostics.find('\n', source_line) + 1;
  if (source_line == 0 || caret_line == 0)
    return std::nullopt;
  e.caret_line = diagnostics.substr(caret_line, diagnostics.find('\n', caret_line) - caret_line);
  return e;
}

class HostileScript : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileScript, FailsWithALocatedError) {
  test::Checked c = test::check(GetParam().text);
  EXPECT_FALSE(c.program);
  std::optional<FirstError> e = firstError(c.diagnostics);
  ASSERT_TRUE(e) << "no located error in:\n" << c.diagnostics.substr(0, 2000);
  EXPECT_EQ(e->line, GetParam().line) << c.diagnostics.substr(0, 2000);
  ASSERT_GE(e->caret_line.size(), static_cast<size_t>(e->column));
  EXPECT_EQ(e->caret_line.find_first_not_of(' '), static_cast<size_t>(e->column - 1));
  EXPECT_TRUE(e->caret_line[e->column - 1] == '^' || e->caret_line[e->column - 1] == '~');
}

INSTANTIATE_TEST_SUITE_P(Table, HostileScript, ::testing::ValuesIn(hostileScripts()),
                         [](const ::testing::TestParamInfo<Hostile> &info) {
                           return std::string(info.param.name);
                         });

TEST(HostileScripts, TableHoldsAtLeastOneHundredScripts) {
  EXPECT_GE(hostileScripts().size(), 100u);
}

} // namespace
} // namespace bpfscope
