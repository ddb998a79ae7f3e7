#include "parser/lexer.h"

#include "parser/binary_path_kinds.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

namespace bpfscope {

namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isIdentChar(char c) {
  return isIdentStart(c) || isDigit(c);
}

int digitValue(char c) {
  if (isDigit(c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return 99;
}

// A character as it can be shown inside quotes in a message.
std::string printable(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f)
    return std::string(1, c);
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", byte);
  return buf;
}

constexpr std::array<std::pair<std::string_view, TokenKind>, 12> kKeywords{{
    {"if", TokenKind::KwIf},
    {"else", TokenKind::KwElse},
    {"while", TokenKind::KwWhile},
    {"for", TokenKind::KwFor},
    {"unroll", TokenKind::KwUnroll},
    {"return", TokenKind::KwReturn},
    {"break", TokenKind::KwBreak},
    {"continue", TokenKind::KwContinue},
    {"let", TokenKind::KwLet},
    {"config", TokenKind::KwConfig},
    {"macro", TokenKind::KwMacro},
    {"import", TokenKind::KwImport},
}};

// Parses the digits of an integer literal (prefix already removed). Underscores
// may separate digits but not lead, trail or follow each other.
enum class IntParse { Ok, Invalid, Overflow };
IntParse parseDigits(std::string_view digits, unsigned base, uint64_t &value) {
  value = 0;
  if (digits.empty() || digits.front() == '_' || digits.back() == '_')
    return IntParse::Invalid;
  bool overflow = false;
  char prev = 0;
  for (char c : digits) {
    if (c == '_') {
      if (prev == '_')
        return IntParse::Invalid;
      prev = c;
      continue;
    }
    auto digit = static_cast<unsigned>(digitValue(c));
    if (digit >= base)
      return IntParse::Invalid;
    overflow |= __builtin_mul_overflow(value, base, &value);
    overflow |= __builtin_add_overflow(value, digit, &value);
    prev = c;
  }
  return overflow ? IntParse::Overflow : IntParse::Ok;
}

// A decimal literal, optionally in scientific notation such as 1e6.
IntParse parseDecimal(std::string_view body, uint64_t &value) {
  size_t e = body.find_first_of("eE");
  if (e == std::string_view::npos)
    return parseDigits(body, 10, value);
  uint64_t exponent = 0;
  IntParse mantissa = parseDigits(body.substr(0, e), 10, value);
  IntParse power = parseDigits(body.substr(e + 1), 10, exponent);
  if (mantissa == IntParse::Invalid || power == IntParse::Invalid)
    return IntParse::Invalid;
  bool overflow = mantissa == IntParse::Overflow || power == IntParse::Overflow;
  for (uint64_t i = 0; i < exponent && !overflow && value != 0; ++i)
    overflow = __builtin_mul_overflow(value, 10, &value);
  return overflow ? IntParse::Overflow : IntParse::Ok;
}

// Duration suffixes turn a literal into nanoseconds: 1s, 100ms, 2m, 1d.
constexpr std::pair<std::string_view, uint64_t> kDurationSuffixes[] = {
    {"ns", 1},
    {"us", 1000},
    {"ms", 1000 * 1000},
    {"s", 1000ULL * 1000 * 1000},
    {"m", 60ULL * 1000 * 1000 * 1000},
    {"h", 3600ULL * 1000 * 1000 * 1000},
    {"d", 86400ULL * 1000 * 1000 * 1000},
};

// Removes a C integer suffix (U, L, UL, LL, ULL, any case), which does not
// change the value, or a duration suffix; returns the duration multiplier.
uint64_t stripSuffix(std::string_view &body, bool hex) {
  auto endsInDigit = [&](size_t len) {
    return len > 0 && (hex ? digitValue(body[len - 1]) < 16 : isDigit(body[len - 1]));
  };
  if (!hex)
    for (const auto &[suffix, ns] : kDurationSuffixes)
      if (body.ends_with(suffix) && endsInDigit(body.size() - suffix.size())) {
        body.remove_suffix(suffix.size());
        return ns;
      }
  size_t len = body.size();
  while (len > 0 && len + 3 > body.size() &&
         (body[len - 1] == 'u' || body[len - 1] == 'U' || body[len - 1] == 'l' ||
          body[len - 1] == 'L'))
    --len;
  if (endsInDigit(len))
    body = body.substr(0, len);
  return 1;
}

} // namespace

const char *tokenKindName(TokenKind kind) {
  switch (kind) {
  case TokenKind::End:
    return "End";
  case TokenKind::Identifier:
    return "Identifier";
  case TokenKind::Variable:
    return "Variable";
  case TokenKind::Positional:
    return "Positional";
  case TokenKind::Map:
    return "Map";
  case TokenKind::Integer:
    return "Integer";
  case TokenKind::String:
    return "String";
  case TokenKind::KwIf:
    return "'if'";
  case TokenKind::KwElse:
    return "'else'";
  case TokenKind::KwWhile:
    return "'while'";
  case TokenKind::KwFor:
    return "'for'";
  case TokenKind::KwUnroll:
    return "'unroll'";
  case TokenKind::KwReturn:
    return "'return'";
  case TokenKind::KwBreak:
    return "'break'";
  case TokenKind::KwContinue:
    return "'continue'";
  case TokenKind::KwLet:
    return "'let'";
  case TokenKind::KwConfig:
    return "'config'";
  case TokenKind::KwMacro:
    return "'macro'";
  case TokenKind::KwImport:
    return "'import'";
  case TokenKind::LParen:
    return "'('";
  case TokenKind::RParen:
    return "')'";
  case TokenKind::LBrace:
    return "'{'";
  case TokenKind::RBrace:
    return "'}'";
  case TokenKind::LBracket:
    return "'['";
  case TokenKind::RBracket:
    return "']'";
  case TokenKind::Comma:
    return "','";
  case TokenKind::Semicolon:
    return "';'";
  case TokenKind::Dot:
    return "'.'";
  case TokenKind::Arrow:
    return "'->'";
  case TokenKind::Question:
    return "'?'";
  case TokenKind::Colon:
    return "':'";
  case TokenKind::Plus:
    return "'+'";
  case TokenKind::Minus:
    return "'-'";
  case TokenKind::Star:
    return "'*'";
  case TokenKind::Slash:
    return "'/'";
  case TokenKind::Percent:
    return "'%'";
  case TokenKind::Amp:
    return "'&'";
  case TokenKind::Pipe:
    return "'|'";
  case TokenKind::Caret:
    return "'^'";
  case TokenKind::Tilde:
    return "'~'";
  case TokenKind::Bang:
    return "'!'";
  case TokenKind::Less:
    return "'<'";
  case TokenKind::LessEq:
    return "'<='";
  case TokenKind::Greater:
    return "'>'";
  case TokenKind::GreaterEq:
    return "'>='";
  case TokenKind::EqEq:
    return "'=='";
  case TokenKind::NotEq:
    return "'!='";
  case TokenKind::Shl:
    return "'<<'";
  case TokenKind::Shr:
    return "'>>'";
  case TokenKind::AmpAmp:
    return "'&&'";
  case TokenKind::PipePipe:
    return "'||'";
  case TokenKind::PlusPlus:
    return "'++'";
  case TokenKind::MinusMinus:
    return "'--'";
  case TokenKind::Assign:
    return "'='";
  case TokenKind::PlusAssign:
    return "'+='";
  case TokenKind::MinusAssign:
    return "'-='";
  case TokenKind::StarAssign:
    return "'*='";
  case TokenKind::SlashAssign:
    return "'/='";
  case TokenKind::PercentAssign:
    return "'%='";
  case TokenKind::AmpAssign:
    return "'&='";
  case TokenKind::PipeAssign:
    return "'|='";
  case TokenKind::CaretAssign:
    return "'^='";
  case TokenKind::ShlAssign:
    return "'<<='";
  case TokenKind::ShrAssign:
    return "'>>='";
  }
  return "?";
}

bool isKeyword(TokenKind kind) {
  return kind >= TokenKind::KwIf && kind <= TokenKind::KwImport;
}

Lexer::Lexer(const SourceFile &source, Diagnostics &diags, uint32_t begin)
    : text_(source.text()), diags_(diags), pos_(begin) {
  skipShebang();
}

char Lexer::peekChar(uint32_t ahead) const {
  size_t at = size_t{pos_} + ahead;
  return at < text_.size() ? text_[at] : '\0';
}

void Lexer::skipShebang() {
  if (text_.substr(pos_, 2) != "#!")
    return;
  while (pos_ < text_.size() && text_[pos_] != '\n')
    ++pos_;
}

void Lexer::skipTrivia() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (isSpace(c)) {
      ++pos_;
    } else if (c == '/' && peekChar(1) == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n')
        ++pos_;
    } else if (c == '/' && peekChar(1) == '*') {
      size_t close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) {
        diags_.error(Span{pos_, pos_ + 2}, "unterminated comment");
        pos_ = static_cast<uint32_t>(text_.size());
      } else {
        pos_ = static_cast<uint32_t>(close + 2);
      }
    } else {
      return;
    }
  }
}

Token Lexer::make(TokenKind kind, uint32_t begin) {
  Token token;
  token.kind = kind;
  token.span = {begin, pos_};
  token.text = text_.substr(begin, pos_ - begin);
  return token;
}

Token Lexer::next() {
  // Stray bytes are skipped; only the first run before a token is reported, so
  // binary junk gives one error per token rather than one per byte.
  bool reported = false;
  for (;;) {
    skipTrivia();
    uint32_t begin = pos_;
    if (pos_ >= text_.size())
      return make(TokenKind::End, begin);
    char c = text_[pos_];
    if (isIdentStart(c))
      return lexIdentifier(begin);
    if (isDigit(c))
      return lexNumber(begin);
    if (c == '$' || c == '@')
      return lexSigil(begin);
    if (c == '"')
      return lexString(begin);
    Token token = lexPunctuation(begin);
    if (pos_ > begin)
      return token;
    // A UTF-8 character is one run of bytes >= 0x80.
    do
      ++pos_;
    while (pos_ < text_.size() && static_cast<unsigned char>(text_[pos_]) >= 0x80);
    if (!reported)
      diags_.error(Span{begin, pos_}, "invalid character '" + printable(c) + "'");
    reported = true;
  }
}

Token Lexer::lexIdentifier(uint32_t begin) {
  while (isIdentChar(peekChar()))
    ++pos_;
  Token token = make(TokenKind::Identifier, begin);
  for (const auto &[word, kind] : kKeywords)
    if (token.text == word)
      token.kind = kind;
  return token;
}

Token Lexer::lexSigil(uint32_t begin) {
  char sigil = text_[pos_++];
  if (sigil == '$' && isDigit(peekChar())) {
    while (isDigit(peekChar()))
      ++pos_;
    return make(TokenKind::Positional, begin);
  }
  if (sigil == '$' && peekChar() == '#') {
    ++pos_;
    return make(TokenKind::Positional, begin);
  }
  if (sigil == '$' && !isIdentStart(peekChar()))
    diags_.error(Span{begin, pos_}, "expected a variable name after '$'");
  // Map names follow identifier rules; `@` alone is the anonymous map.
  if (isIdentStart(peekChar()))
    while (isIdentChar(peekChar()))
      ++pos_;
  return make(sigil == '$' ? TokenKind::Variable : TokenKind::Map, begin);
}

// `1.5` or `1e-3`; `$t.0.1` (tuple fields after a '.') is no number of its own.
bool Lexer::looksFloatingPoint(uint32_t begin, std::string_view body) const {
  if (begin > 0 && text_[begin - 1] == '.')
    return false;
  bool decimal = body.size() < 2 || (body[1] != 'x' && body[1] != 'X');
  char next = pos_ < text_.size() ? text_[pos_] : '\0';
  char after = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  bool fraction = next == '.' && after >= '0' && after <= '9';
  bool negative_exponent = body.back() == 'e' && next == '-';
  return decimal && (fraction || negative_exponent);
}

Token Lexer::lexNumber(uint32_t begin) {
  // Take every letter and digit that follows so that `12ab` or `1s` is one bad
  // literal rather than a number followed by a surprising identifier.
  while (isIdentChar(peekChar()))
    ++pos_;
  Token token = make(TokenKind::Integer, begin);
  std::string_view body = token.text;
  bool hex = body.size() > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  uint64_t multiplier = stripSuffix(body, hex);
  IntParse result;
  if (hex)
    result = parseDigits(body.substr(2), 16, token.int_value);
  else if (body.size() > 1 && body[0] == '0')
    result = parseDigits(body.substr(1), 8, token.int_value);
  else
    result = parseDecimal(body, token.int_value);
  if (result == IntParse::Ok &&
      __builtin_mul_overflow(token.int_value, multiplier, &token.int_value))
    result = IntParse::Overflow;
  body = token.text;
  if (looksFloatingPoint(begin, body)) {
    diags_.error(token.span, "floating-point literals are not supported",
                 "BPF has no floating point: use integers, e.g. 15 / 10 or 2e3");
    result = IntParse::Invalid;
  } else if (result == IntParse::Invalid) {
    diags_.error(token.span, "invalid integer literal '" + std::string(body) + "'");
  } else if (result == IntParse::Overflow)
    diags_.error(token.span, "integer literal '" + std::string(body) + "' is out of range",
                 "the largest integer is 18446744073709551615");
  if (result != IntParse::Ok)
    token.int_value = 0;
  return token;
}

Token Lexer::lexString(uint32_t begin) {
  ++pos_; // opening quote
  std::string value;
  for (;;) {
    char c = peekChar();
    if (pos_ >= text_.size() || c == '\n') {
      diags_.error(Span{begin, pos_}, "unterminated string literal");
      break;
    }
    ++pos_;
    if (c == '"')
      break;
    if (c != '\\')
      value += c;
    else if (!lexEscape(value))
      diags_.error(Span{pos_ - 1, std::min<uint32_t>(pos_ + 1, text_.size())},
                   "invalid escape sequence '\\" + printable(peekChar()) + "'",
                   "valid escapes are \\n \\t \\r \\\\ \\\" \\NNN (octal) and \\xNN (hex)");
  }
  Token token = make(TokenKind::String, begin);
  token.string_value = std::move(value);
  return token;
}

// Decodes the escape after a backslash into `out`. On failure nothing is
// consumed, so the caller can name the offending character.
bool Lexer::lexEscape(std::string &out) {
  char c = peekChar();
  switch (c) {
  case 'n':
    out += '\n';
    break;
  case 't':
    out += '\t';
    break;
  case 'r':
    out += '\r';
    break;
  case '\\':
    out += '\\';
    break;
  case '"':
    out += '"';
    break;
  case 'x': {
    if (digitValue(peekChar(1)) >= 16)
      return false;
    ++pos_;
    unsigned value = 0;
    for (int i = 0; i < 2 && digitValue(peekChar()) < 16; ++i)
      value = value * 16 + static_cast<unsigned>(digitValue(text_[pos_++]));
    out += static_cast<char>(value);
    return true;
  }
  default: {
    if (c < '0' || c > '7')
      return false;
    uint32_t backslash = pos_ - 1;
    unsigned value = 0;
    for (int i = 0; i < 3 && peekChar() >= '0' && peekChar() <= '7'; ++i)
      value = value * 8 + static_cast<unsigned>(text_[pos_++] - '0');
    if (value > 0xff)
      diags_.error(Span{backslash, pos_}, "octal escape sequence out of range",
                   "the largest octal escape is \\377");
    out += static_cast<char>(value & 0xff);
    return true;
  }
  }
  ++pos_;
  return true;
}

Token Lexer::lexPunctuation(uint32_t begin) {
  // Longest match first: each entry is tried in order.
  static constexpr std::array<std::pair<std::string_view, TokenKind>, 47> kPunctuation{{
      {"<<=", TokenKind::ShlAssign},  {">>=", TokenKind::ShrAssign},
      {"->", TokenKind::Arrow},       {"++", TokenKind::PlusPlus},
      {"--", TokenKind::MinusMinus},  {"+=", TokenKind::PlusAssign},
      {"-=", TokenKind::MinusAssign}, {"*=", TokenKind::StarAssign},
      {"/=", TokenKind::SlashAssign}, {"%=", TokenKind::PercentAssign},
      {"&=", TokenKind::AmpAssign},   {"|=", TokenKind::PipeAssign},
      {"^=", TokenKind::CaretAssign}, {"<<", TokenKind::Shl},
      {">>", TokenKind::Shr},         {"<=", TokenKind::LessEq},
      {">=", TokenKind::GreaterEq},   {"==", TokenKind::EqEq},
      {"!=", TokenKind::NotEq},       {"&&", TokenKind::AmpAmp},
      {"||", TokenKind::PipePipe},    {"(", TokenKind::LParen},
      {")", TokenKind::RParen},       {"{", TokenKind::LBrace},
      {"}", TokenKind::RBrace},       {"[", TokenKind::LBracket},
      {"]", TokenKind::RBracket},     {",", TokenKind::Comma},
      {";", TokenKind::Semicolon},    {".", TokenKind::Dot},
      {"?", TokenKind::Question},     {":", TokenKind::Colon},
      {"+", TokenKind::Plus},         {"-", TokenKind::Minus},
      {"*", TokenKind::Star},         {"/", TokenKind::Slash},
      {"%", TokenKind::Percent},      {"&", TokenKind::Amp},
      {"|", TokenKind::Pipe},         {"^", TokenKind::Caret},
      {"~", TokenKind::Tilde},        {"!", TokenKind::Bang},
      {"<", TokenKind::Less},         {">", TokenKind::Greater},
      {"=", TokenKind::Assign},
  }};
  std::string_view rest = text_.substr(pos_);
  for (const auto &[spelling, kind] : kPunctuation) {
    if (rest.starts_with(spelling)) {
      pos_ += static_cast<uint32_t>(spelling.size());
      return make(kind, begin);
    }
  }
  return make(TokenKind::End, begin);
}

Span Lexer::scanAttachPoint() {
  skipTrivia();
  uint32_t begin = pos_;
  uint32_t segment = pos_; // start of the current ':'-separated part
  bool in_path = false;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (isSpace(c) || c == ',' || c == '{' || c == '}' || c == ';')
      break;
    if (c == '"') {
      skipQuotedInAttachPoint();
      continue;
    }
    if (c == ':') {
      segment = pos_ + 1;
      in_path = false;
    } else if (c == '/' && !in_path) {
      // A part that starts with '/' or '.' is a file path, and so is a
      // uprobe's binary written relative without './' (`uprobe:bin/app:f`);
      // elsewhere '/' opens the predicate, as in `BEGIN/pid == 1/`.
      bool starts_path = pos_ == segment && pos_ != begin;
      if (!starts_path && text_[segment] != '.' && !isRelativeBinaryPath(begin, segment))
        break;
      in_path = true;
    }
    ++pos_;
  }
  return {begin, pos_};
}

// The part from `segment` is the second of a uprobe-like attach point and
// another ':' follows the '/' before the attach point ends.
bool Lexer::isRelativeBinaryPath(uint32_t begin, uint32_t segment) const {
  if (segment == begin || !probeKindTakesBinaryPath(text_.substr(begin, segment - 1 - begin)))
    return false;
  for (uint32_t i = pos_; i < text_.size(); ++i) {
    char c = text_[i];
    if (c == ':')
      return true;
    if (isSpace(c) || c == ',' || c == '{' || c == '}' || c == ';')
      return false;
  }
  return false;
}

bool Lexer::atEnd() {
  skipTrivia();
  return pos_ >= text_.size();
}

std::optional<Span> Lexer::skipDirective() {
  skipTrivia();
  if (peekChar() != '#')
    return std::nullopt;
  uint32_t begin = pos_;
  while (pos_ < text_.size() && text_[pos_] != '\n')
    ++pos_;
  return Span{begin, pos_};
}

void Lexer::skipQuotedInAttachPoint() {
  uint32_t begin = pos_++;
  while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n')
    pos_ += text_[pos_] == '\\' && pos_ + 1 < text_.size() ? 2 : 1;
  if (pos_ < text_.size() && text_[pos_] == '"')
    ++pos_;
  else
    diags_.error(Span{begin, pos_}, "unterminated string literal");
}

std::vector<Token> tokenize(const SourceFile &source, Diagnostics &diags) {
  Lexer lexer(source, diags);
  std::vector<Token> tokens;
  do
    tokens.push_back(lexer.next());
  while (tokens.back().kind != TokenKind::End);
  return tokens;
}

} // namespace bpfscope
