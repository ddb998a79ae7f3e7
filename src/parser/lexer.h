// The lexer: turns script text into tokens on demand.
//
// The bpftrace language is not context-free at the token level: an attach
// point such as `uprobe:/bin/bash:readline` or `kprobe:f+10` is one raw word,
// while the same characters inside a probe body are several tokens. So the
// parser drives the lexer: next() yields an ordinary token, scanAttachPoint()
// yields one raw attach point. Lexical errors (bad escapes, unterminated
// strings or comments, stray characters, bad integers) are reported to
// Diagnostics here; the lexer still returns a usable token so parsing goes on.
#pragma once

#include "parser/diagnostics.h"
#include "parser/source.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

enum class TokenKind {
  End,
  Identifier, // pid, printf, args
  Variable,   // $name (text includes '$')
  Positional, // $1, $2, … and $# (text includes '$')
  Map,        // @name or @ (text includes '@')
  Integer,    // int_value holds the value
  String,     // string_value holds the decoded value

  // Keywords.
  KwIf,
  KwElse,
  KwWhile,
  KwFor,
  KwUnroll,
  KwReturn,
  KwBreak,
  KwContinue,
  KwLet,
  KwConfig,
  KwMacro,
  KwImport,

  // Punctuation.
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Comma,
  Semicolon,
  Dot,
  Arrow,
  Question,
  Colon,

  // Operators.
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Amp,
  Pipe,
  Caret,
  Tilde,
  Bang,
  Less,
  LessEq,
  Greater,
  GreaterEq,
  EqEq,
  NotEq,
  Shl,
  Shr,
  AmpAmp,
  PipePipe,
  PlusPlus,
  MinusMinus,

  // Assignments.
  Assign,
  PlusAssign,
  MinusAssign,
  StarAssign,
  SlashAssign,
  PercentAssign,
  AmpAssign,
  PipeAssign,
  CaretAssign,
  ShlAssign,
  ShrAssign,
};

// A stable name for tests and `-d tokens`, e.g. "Identifier", "'+='".
const char *tokenKindName(TokenKind kind);
bool isKeyword(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::End;
  Span span;
  std::string_view text; // the token's source text
  uint64_t int_value = 0;
  std::string string_value;
};

class Lexer {
public:
  // Lexes `source` from offset `begin` (the start of an imported file) to its end.
  Lexer(const SourceFile &source, Diagnostics &diags, uint32_t begin = 0);

  Token next();

  // Skips whitespace and comments, then reads one attach point as raw text. It
  // ends at whitespace, ',', '{', '}', ';' or a '/' that starts a predicate
  // (a '/' inside a path such as `uprobe:/bin/bash:f` belongs to the attach
  // point). The span is empty when no attach point starts here.
  Span scanAttachPoint();

  // Skips whitespace and comments; true when nothing else remains.
  bool atEnd();
  // At a C preprocessor line (`#include <x.h>`), skips it and returns its span.
  std::optional<Span> skipDirective();

  // Continues lexing from `offset`, e.g. to re-read buffered tokens in attach-point mode.
  void rewind(uint32_t offset) { pos_ = offset; }

private:
  char peekChar(uint32_t ahead = 0) const;
  void skipTrivia();
  void skipShebang();
  Token make(TokenKind kind, uint32_t begin);
  Token lexIdentifier(uint32_t begin);
  Token lexSigil(uint32_t begin);
  Token lexNumber(uint32_t begin);
  bool looksFloatingPoint(uint32_t begin, std::string_view body) const;
  Token lexString(uint32_t begin);
  bool lexEscape(std::string &out);
  Token lexPunctuation(uint32_t begin);
  void skipQuotedInAttachPoint();
  bool isRelativeBinaryPath(uint32_t begin, uint32_t segment) const;

  std::string_view text_;
  Diagnostics &diags_;
  uint32_t pos_ = 0;
};

// Lexes all of `source` with next() (no attach-point mode); for tests and -d tokens.
std::vector<Token> tokenize(const SourceFile &source, Diagnostics &diags);

} // namespace bpfscope
