#include "parser/lexer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace bpfscope {
namespace {

// Lexes `text` and renders each token as Kind or Kind(text), space-separated,
// without the final End.
struct Lexed {
  std::string tokens;
  std::string diagnostics;
  std::vector<Token> raw;
};

Lexed lex(const std::string &text) {
  SourceFile source("test.bt", text);
  Diagnostics diags(source);
  Lexed result;
  result.raw = tokenize(source, diags);
  for (const Token &token : result.raw) {
    if (token.kind == TokenKind::End)
      break;
    if (!result.tokens.empty())
      result.tokens += ' ';
    result.tokens += tokenKindName(token.kind);
    if (token.kind <= TokenKind::String)
      result.tokens += "(" + std::string(token.text) + ")";
  }
  std::ostringstream out;
  diags.render(out);
  result.diagnostics = out.str();
  return result;
}

// The successive attach points scanned from `text`, separated by '|', and
// what follows the last one.
std::string attachPoints(const std::string &text) {
  SourceFile source("test.bt", text);
  Diagnostics diags(source);
  Lexer lexer(source, diags);
  std::string result;
  for (;;) {
    Span span = lexer.scanAttachPoint();
    result += std::string(source.slice(span));
    Token next = lexer.next();
    if (next.kind != TokenKind::Comma)
      return result + " then " + std::string(next.text);
    result += '|';
  }
}

TEST(Lexer, ProbeHeaderAndStatements) {
  EXPECT_EQ(lex("BEGIN { @x[pid] += 0x10; $y = \"a\"; }").tokens,
            "Identifier(BEGIN) '{' Map(@x) '[' Identifier(pid) ']' '+=' Integer(0x10) ';' "
            "Variable($y) '=' String(\"a\") ';' '}'");
}

TEST(Lexer, OperatorsUseLongestMatch) {
  EXPECT_EQ(lex("<<= >>= << >> <= >= < > == != = && & || | ++ + += -- - -= -> ! ~ ^ ^= % %= * *= "
                "/ /= &= |= ? : . , ;")
                .tokens,
            "'<<=' '>>=' '<<' '>>' '<=' '>=' '<' '>' '==' '!=' '=' '&&' '&' '||' '|' '++' '+' "
            "'+=' '--' '-' '-=' '->' '!' '~' '^' '^=' '%' '%=' '*' '*=' '/' '/=' '&=' '|=' "
            "'?' ':' '.' ',' ';'");
  EXPECT_EQ(lex("a+++b").tokens, "Identifier(a) '++' '+' Identifier(b)");
  EXPECT_EQ(lex("x->y").tokens, "Identifier(x) '->' Identifier(y)");
}

TEST(Lexer, KeywordsAndIdentifiers) {
  EXPECT_EQ(
      lex("if else while for unroll return break continue let config macro import iff _x1").tokens,
      "'if' 'else' 'while' 'for' 'unroll' 'return' 'break' 'continue' 'let' 'config' "
      "'macro' 'import' Identifier(iff) Identifier(_x1)");
}

TEST(Lexer, SigilsAndPositionalParameters) {
  EXPECT_EQ(lex("$x $_1 $1 $12 $# @ @name @_ @1").tokens,
            "Variable($x) Variable($_1) Positional($1) Positional($12) Positional($#) Map(@) "
            "Map(@name) Map(@_) Map(@) Integer(1)");
}

TEST(Lexer, IntegerValues) {
  Lexed lexed = lex("0 42 0x1F 0X10 017 1_000_000 0xffff_ffff 18446744073709551615 1e6 5E0 12e2");
  EXPECT_EQ(lexed.diagnostics, "");
  std::vector<uint64_t> values;
  for (const Token &token : lexed.raw)
    if (token.kind == TokenKind::Integer)
      values.push_back(token.int_value);
  EXPECT_EQ(values, (std::vector<uint64_t>{0, 42, 31, 16, 15, 1000000, 0xffffffff,
                                           18446744073709551615ULL, 1000000, 5, 1200}));
}

// language.md: "Floating-point numbers are not supported"; `1e-3` is not valid.
TEST(Lexer, FloatingPointLiteralsAreRefusedClearly) {
  EXPECT_EQ(lex("1.5 1e-3").diagnostics,
            "test.bt:1:1: ERROR: floating-point literals are not supported\n"
            "1.5 1e-3\n"
            "^\n"
            "HINT: BPF has no floating point: use integers, e.g. 15 / 10 or 2e3\n"
            "test.bt:1:5: ERROR: floating-point literals are not supported\n"
            "1.5 1e-3\n"
            "    ^~\n"
            "HINT: BPF has no floating point: use integers, e.g. 15 / 10 or 2e3\n");
  EXPECT_EQ(lex("$t.0.1 $kv.1 0x1.5").diagnostics, "");
}

TEST(Lexer, BadIntegersAreReported) {
  EXPECT_EQ(lex("08 0x 1__0 _1 1_ 12ab").diagnostics,
            "test.bt:1:1: ERROR: invalid integer literal '08'\n"
            "08 0x 1__0 _1 1_ 12ab\n"
            "^~\n"
            "test.bt:1:4: ERROR: invalid integer literal '0x'\n"
            "08 0x 1__0 _1 1_ 12ab\n"
            "   ^~\n"
            "test.bt:1:7: ERROR: invalid integer literal '1__0'\n"
            "08 0x 1__0 _1 1_ 12ab\n"
            "      ^~~~\n"
            "test.bt:1:15: ERROR: invalid integer literal '1_'\n"
            "08 0x 1__0 _1 1_ 12ab\n"
            "              ^~\n"
            "test.bt:1:18: ERROR: invalid integer literal '12ab'\n"
            "08 0x 1__0 _1 1_ 12ab\n"
            "                 ^~~~\n");
  EXPECT_EQ(lex("1e20 1e").diagnostics,
            "test.bt:1:1: ERROR: integer literal '1e20' is out of range\n"
            "1e20 1e\n"
            "^~~~\n"
            "HINT: the largest integer is 18446744073709551615\n"
            "test.bt:1:6: ERROR: invalid integer literal '1e'\n"
            "1e20 1e\n"
            "     ^~\n");
  EXPECT_EQ(lex("x = 18446744073709551616;").diagnostics,
            "test.bt:1:5: ERROR: integer literal '18446744073709551616' is out of range\n"
            "x = 18446744073709551616;\n"
            "    ^~~~~~~~~~~~~~~~~~~~\n"
            "HINT: the largest integer is 18446744073709551615\n");
}

TEST(Lexer, StringEscapesAreDecoded) {
  Lexed lexed = lex(R"("a\n\t\r\\\"b\101\x41\x4a\0\7z")");
  EXPECT_EQ(lexed.diagnostics, "");
  ASSERT_EQ(lexed.raw[0].kind, TokenKind::String);
  EXPECT_EQ(lexed.raw[0].string_value, std::string("a\n\t\r\\\"bAAJ\0\7z", 13));
  // Octal escapes take at most three digits.
  EXPECT_EQ(lex(R"("\0101")").raw[0].string_value, "\b1");
}

TEST(Lexer, BadEscapeIsReportedAndLexingGoesOn) {
  Lexed lexed = lex(R"(printf("a\qb\x"); x)");
  EXPECT_EQ(lexed.tokens, "Identifier(printf) '(' String(\"a\\qb\\x\") ')' ';' Identifier(x)");
  // The offending characters are kept so the rest of the string is unchanged.
  EXPECT_EQ(lexed.raw[2].string_value, "aqbx");
  EXPECT_EQ(lexed.diagnostics,
            "test.bt:1:10: ERROR: invalid escape sequence '\\q'\n"
            "printf(\"a\\qb\\x\"); x\n"
            "         ^~\n"
            "HINT: valid escapes are \\n \\t \\r \\\\ \\\" \\NNN (octal) and \\xNN (hex)\n"
            "test.bt:1:13: ERROR: invalid escape sequence '\\x'\n"
            "printf(\"a\\qb\\x\"); x\n"
            "            ^~\n"
            "HINT: valid escapes are \\n \\t \\r \\\\ \\\" \\NNN (octal) and \\xNN (hex)\n");
  EXPECT_EQ(lex(R"("\777")").diagnostics, "test.bt:1:2: ERROR: octal escape sequence out of range\n"
                                          "\"\\777\"\n"
                                          " ^~~~\n"
                                          "HINT: the largest octal escape is \\377\n");
}

TEST(Lexer, UnterminatedStringEndsAtNewline) {
  Lexed lexed = lex("\"abc\nx");
  EXPECT_EQ(lexed.tokens, "String(\"abc) Identifier(x)");
  EXPECT_EQ(lexed.diagnostics, "test.bt:1:1: ERROR: unterminated string literal\n"
                               "\"abc\n"
                               "^~~~\n");
}

TEST(Lexer, CommentsAndShebangAreSkipped) {
  EXPECT_EQ(lex("#!/usr/bin/bpftrace\na // c\n/* x\ny */ b /**/c").tokens,
            "Identifier(a) Identifier(b) Identifier(c)");
  EXPECT_EQ(lex("a /* never closed").diagnostics, "test.bt:1:3: ERROR: unterminated comment\n"
                                                  "a /* never closed\n"
                                                  "  ^~\n");
}

TEST(Lexer, StrayBytesAreReportedOncePerRun) {
  const char kText[] = "a \x01\0\xe2\x82\xac # b";
  std::string text(kText, sizeof kText - 1);
  Lexed lexed = lex(text);
  EXPECT_EQ(lexed.tokens, "Identifier(a) Identifier(b)");
  EXPECT_EQ(lexed.diagnostics,
            "test.bt:1:3: ERROR: invalid character '\\x01'\n" + text + "\n  ^\n");
}

TEST(Lexer, TokenSpans) {
  Lexed lexed = lex("ab  <<= \"s\"");
  ASSERT_EQ(lexed.raw.size(), 4u);
  EXPECT_EQ(lexed.raw[0].span.begin, 0u);
  EXPECT_EQ(lexed.raw[0].span.end, 2u);
  EXPECT_EQ(lexed.raw[1].span.begin, 4u);
  EXPECT_EQ(lexed.raw[1].span.end, 7u);
  EXPECT_EQ(lexed.raw[2].span.begin, 8u);
  EXPECT_EQ(lexed.raw[2].span.end, 11u);
  EXPECT_EQ(lexed.raw[3].kind, TokenKind::End);
  EXPECT_EQ(lexed.raw[3].span.begin, 11u);
}

TEST(Lexer, AttachPointsAreRawWords) {
  EXPECT_EQ(attachPoints("BEGIN {"), "BEGIN then {");
  EXPECT_EQ(attachPoints("interval:s:1{"), "interval:s:1 then {");
  EXPECT_EQ(attachPoints("kprobe:do_sys_open+10, t:syscalls:sys_enter_* {"),
            "kprobe:do_sys_open+10|t:syscalls:sys_enter_* then {");
  EXPECT_EQ(attachPoints("  // lead\n  uprobe:/bin/bash:readline,\n  usdt:/p/q:prov:name {"),
            "uprobe:/bin/bash:readline|usdt:/p/q:prov:name then {");
  EXPECT_EQ(attachPoints(R"(uprobe:/bin/x:cpp:"ns::f, g" {)"),
            R"(uprobe:/bin/x:cpp:"ns::f, g" then {)");
  EXPECT_EQ(attachPoints("uprobe:./a.out:f {"), "uprobe:./a.out:f then {");
  EXPECT_EQ(attachPoints("uprobe:bin/app:f, ur:lib/x.so:g, usdt:bin/app:p:n {"),
            "uprobe:bin/app:f|ur:lib/x.so:g|usdt:bin/app:p:n then {");
  EXPECT_EQ(attachPoints("uprobe:bin/app:f/arg0/ {"), "uprobe:bin/app:f then /");
}

TEST(Lexer, AttachPointStopsAtPredicate) {
  EXPECT_EQ(attachPoints("uprobe:/bin/bash:readline /pid == 1/ {"),
            "uprobe:/bin/bash:readline then /");
  EXPECT_EQ(attachPoints("BEGIN/1/{"), "BEGIN then /");
  EXPECT_EQ(attachPoints("kprobe:f/arg0/{"), "kprobe:f then /");
  EXPECT_EQ(attachPoints("/1/ {"), " then /");
  EXPECT_EQ(attachPoints("uprobe:f/pid == 1/ {"), "uprobe:f then /");
  EXPECT_EQ(attachPoints("t:a:b/x/ {"), "t:a:b then /");
}

// A binary written relative without './' is a path, not the start of a
// predicate: another ':' follows it.
TEST(Lexer, AttachPointWithRelativeBinary) {
  EXPECT_EQ(attachPoints("uprobe:bin/app:main {"), "uprobe:bin/app:main then {");
  EXPECT_EQ(attachPoints("ur:lib/x/libc.so:f /1/ {"), "ur:lib/x/libc.so:f then /");
  EXPECT_EQ(attachPoints("usdt:out/app:prov:probe {"), "usdt:out/app:prov:probe then {");
}

} // namespace
} // namespace bpfscope
