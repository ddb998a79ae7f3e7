// A hand-written recursive-descent parser with a Pratt loop for binary
// operators. To extend the language:
//   - a binary operator: add a row to kBinaryOperators;
//   - a prefix operator: add a row to kPrefixOperators;
//   - a statement: add a case to parseStatement() (and drop its keyword from
//     the "not supported yet" list there);
//   - a primary expression: add a case to parsePrimary().
#include "parser/parser.h"

#include "parser/conditionals.h"
#include "parser/if_statements.h"
#include "parser/lexer.h"

#include <cctype>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

namespace bpfscope {

namespace {

using namespace ast;

// Bounds recursion so that hostile input (10000 '(') gets an error instead of
// overflowing the stack here or in later passes that walk the tree.
constexpr int kMaxNesting = 256;

// Thrown after an error has been reported; caught at the nearest statement or
// probe boundary, which skips ahead and resumes. It never leaves this file.
struct SyntaxError {};

// Past this many errors the rest are likely consequences of the first ones
// (or the input is not a script at all), so parsing stops.
constexpr size_t kMaxErrors = 20;
struct TooManyErrors {};

// Binding strength, loosest first (C's order). Binary operators are
// left-associative; the ternary is right-associative.
enum Precedence : int {
  kTernary = 1,
  kLogicalOr,
  kLogicalAnd,
  kBitOr,
  kBitXor,
  kBitAnd,
  kEquality,
  kRelational,
  kShift,
  kAdditive,
  kMultiplicative,
};

struct BinaryOperator {
  TokenKind token;
  Precedence precedence;
  BinaryOp op;
};

constexpr BinaryOperator kBinaryOperators[] = {
    {TokenKind::PipePipe, kLogicalOr, BinaryOp::LogicalOr},
    {TokenKind::AmpAmp, kLogicalAnd, BinaryOp::LogicalAnd},
    {TokenKind::Pipe, kBitOr, BinaryOp::BitOr},
    {TokenKind::Caret, kBitXor, BinaryOp::BitXor},
    {TokenKind::Amp, kBitAnd, BinaryOp::BitAnd},
    {TokenKind::EqEq, kEquality, BinaryOp::Eq},
    {TokenKind::NotEq, kEquality, BinaryOp::Ne},
    {TokenKind::Less, kRelational, BinaryOp::Lt},
    {TokenKind::LessEq, kRelational, BinaryOp::Le},
    {TokenKind::Greater, kRelational, BinaryOp::Gt},
    {TokenKind::GreaterEq, kRelational, BinaryOp::Ge},
    {TokenKind::Shl, kShift, BinaryOp::Shl},
    {TokenKind::Shr, kShift, BinaryOp::Shr},
    {TokenKind::Plus, kAdditive, BinaryOp::Add},
    {TokenKind::Minus, kAdditive, BinaryOp::Sub},
    {TokenKind::Star, kMultiplicative, BinaryOp::Mul},
    {TokenKind::Slash, kMultiplicative, BinaryOp::Div},
    {TokenKind::Percent, kMultiplicative, BinaryOp::Mod},
};

constexpr std::pair<TokenKind, UnaryOp> kPrefixOperators[] = {
    {TokenKind::Bang, UnaryOp::LogicalNot},   {TokenKind::Tilde, UnaryOp::BitNot},
    {TokenKind::Minus, UnaryOp::Neg},         {TokenKind::PlusPlus, UnaryOp::PreInc},
    {TokenKind::MinusMinus, UnaryOp::PreDec}, {TokenKind::Star, UnaryOp::Deref},
    {TokenKind::Amp, UnaryOp::AddressOf},
};

// Compound assignments such as `+=` and the operator they apply.
constexpr std::pair<TokenKind, BinaryOp> kCompoundAssignments[] = {
    {TokenKind::PlusAssign, BinaryOp::Add},    {TokenKind::MinusAssign, BinaryOp::Sub},
    {TokenKind::StarAssign, BinaryOp::Mul},    {TokenKind::SlashAssign, BinaryOp::Div},
    {TokenKind::PercentAssign, BinaryOp::Mod}, {TokenKind::AmpAssign, BinaryOp::BitAnd},
    {TokenKind::PipeAssign, BinaryOp::BitOr},  {TokenKind::CaretAssign, BinaryOp::BitXor},
    {TokenKind::ShlAssign, BinaryOp::Shl},     {TokenKind::ShrAssign, BinaryOp::Shr},
};

const BinaryOperator *binaryOperator(TokenKind kind) {
  for (const BinaryOperator &op : kBinaryOperators)
    if (op.token == kind)
      return &op;
  return nullptr;
}

template <typename Op, size_t N>
std::optional<Op> lookup(const std::pair<TokenKind, Op> (&table)[N], TokenKind kind) {
  for (const auto &[token, op] : table)
    if (token == kind)
      return op;
  return std::nullopt;
}

bool isAssignable(const Expr &expr) {
  return expr.is<Variable>() || expr.is<MapAccess>();
}

bool startsPrimary(TokenKind kind) {
  switch (kind) {
  case TokenKind::Identifier:
  case TokenKind::Variable:
  case TokenKind::Positional:
  case TokenKind::Map:
  case TokenKind::Integer:
  case TokenKind::String:
  case TokenKind::LParen:
    return true;
  default:
    return false;
  }
}

// Top-level constructs of newer bpftrace that we recognise but cannot parse yet.
bool isUnsupportedTopLevelWord(std::string_view word) {
  return word == "fn";
}

// The scalar types a cast or a `let` may name.
bool isScalarTypeName(std::string_view word) {
  static constexpr std::string_view kNames[] = {"int8",   "int16",  "int32",  "int64", "uint8",
                                                "uint16", "uint32", "uint64", "bool",  "string"};
  for (std::string_view name : kNames)
    if (word == name)
      return true;
  return false;
}

// Words that can only begin a C type (a cast, sizeof, offsetof, a preamble member).
bool isCTypeWord(std::string_view word) {
  return word == "struct" || word == "union" || word == "enum" || word == "const" ||
         word == "volatile" || word == "unsigned" || word == "signed" || word == "char" ||
         word == "short" || word == "int" || word == "long" || word == "void";
}

// Statements that end with a block need no ';' after them.
bool endsWithBlock(const Stmt &stmt) {
  return stmt.is<If>() || stmt.is<While>() || stmt.is<Unroll>() || stmt.is<For>() ||
         stmt.is<Scope>();
}

std::string_view leadingIdentifier(std::string_view text) {
  size_t n = 0;
  auto ident = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
  };
  while (n < text.size() && ident(text[n], n == 0))
    ++n;
  return text.substr(0, n);
}

struct BranchedIf;

class Parser {
public:
  Parser(const SourceFile &source, Diagnostics &diags, uint32_t begin)
      : source_(source), diags_(diags), lexer_(source, diags, begin),
        initial_diagnostics_(diags.all().size()) {}

  // `needs_probes`: a script run directly needs a probe (or an import that
  // may bring one); an imported library may hold only macros and maps.
  std::unique_ptr<Program> parseProgram(bool needs_probes);

private:
  friend class NestingGuard;

  // Tokens.
  const Token &peek(size_t ahead = 0);
  Token take();
  bool check(TokenKind kind) { return peek().kind == kind; }
  bool accept(TokenKind kind);
  Token expect(TokenKind kind, std::string_view expected);
  Span spanOf(const Token &token) const;

  // Errors.
  void report(Span span, std::string message, std::string hint = {});
  void checkErrorLimit();
  [[noreturn]] void failAt(Span span, std::string message, std::string hint = {});
  [[noreturn]] void unexpected(const Token &token, std::string_view expected);
  void recoverToNextProbe(bool at_semicolon);
  void recoverToStatementEnd();

  // Probes.
  void parseProbes(Program &program);
  bool parseTopLevelDeclaration(Program &program);
  void parseConfig(Program &program);
  ConfigEntry parseConfigEntry();
  void parseMapDeclaration(Program &program);
  void parseImport(Program &program);
  void parseMacro(Program &program);
  MacroParam parseMacroParam();
  void parseProbe(Program &program);
  // `first`: the action block's first attach point, which may carry a name.
  AttachPoint parseAttachPoint(bool first);
  ExprPtr parsePredicate();
  Block parseBlock(ExprPtr *value = nullptr);

  // Statements.
  StmtPtr parseStatement();
  StmtPtr parseIf();
  std::unique_ptr<BranchedIf> parseBranchedIf();
  StmtPtr parseIfInValueBlock();
  ExprPtr parseCondition(const Token &keyword);
  StmtPtr parseWhile();
  StmtPtr parseUnroll();
  StmtPtr parseFor();
  StmtPtr parseJump();
  StmtPtr parseScope();
  StmtPtr parseLet();
  std::unique_ptr<Variable> parseVariableName(std::string_view after);
  StmtPtr parseExprOrAssignment();
  StmtPtr ternaryStatement(ExprPtr expr);

  // Expressions.
  ExprPtr parseExpr(int min_precedence = kTernary);
  ExprPtr parseTernaryRest(ExprPtr cond);
  bool endsPredicate();
  ExprPtr parseUnary();
  ExprPtr parsePostfix(ExprPtr expr);
  ExprPtr parsePrimary();
  ExprPtr parseParenthesized();
  ExprPtr parseBlockExpr();
  ExprPtr parseIfExpr();
  ExprPtr parseBranchValue(const Token &keyword);
  ExprPtr parseCast(const Token &open);
  // C types (casts, sizeof, offsetof, the preamble).
  bool startsCType();
  std::pair<std::string, Span> parseCTypeName(bool declarator_follows);
  void skipTypeQualifiers();
  ExprPtr parseTypedCast(const Token &open);
  // typeof(T) or typeof(expr): a type written where casts and `let` take one.
  struct TypeOf {
    std::string type_name; // T; empty for an expression
    Span span;
    ExprPtr of; // the expression
  };
  bool atTypeof();
  TypeOf parseTypeof();
  ExprPtr parseTypeofCast(const Token &open);
  ExprPtr parseTypeQuery(const Token &name);
  ExprPtr parseTupleRest(const Token &open, ExprPtr first);
  ExprPtr parseRecord(const Token &open);
  void parseDirective(Program &program, Span directive);
  void parseCTypeDefinition(Program &program);
  CTypeDefinition parseCTypeBody();
  void parseCMember(std::vector<CField> &fields);
  void parseCDeclarator(CField &field);
  bool atNamedMemberType();
  void parseNamedMemberType(CField &field);
  std::vector<CField> parseCFields();
  bool atAnonymousMemberType();
  ExprPtr parseMapAccess();
  ExprPtr parseMapKey();
  ExprPtr parseCall(const Token &name);
  void requireIncrementable(const Expr &operand, const Token &op);
  void checkChainLength(int chain, Span at);

  const SourceFile &source_;
  Diagnostics &diags_;
  Lexer lexer_;
  std::deque<Token> lookahead_;
  uint32_t prev_end_ = 0; // end of the last consumed token
  std::optional<uint32_t> last_error_at_;
  size_t initial_diagnostics_ = 0;
  int nesting_ = 0;
  bool in_predicate_ = false;
  bool in_declaration_ = false; // an unsupported top-level declaration is being skipped
  PreprocessorConditionals conditionals_;
  // #define NAME "text": NAME reads as that string literal.
  std::map<std::string, std::string, std::less<>> string_defines_;
  bool defineString(Span directive);
  // Skips the rest of a line in a false #if branch.
  void skipInactiveLine();
  // Types defined inside a struct (`struct Bar { int x; } bar;`), which C
  // gives file scope: added to the program before the struct holding them.
  std::vector<CTypeDefinition> nested_types_;
};

// Counts one level of recursion for the lifetime of a parse function.
class NestingGuard {
public:
  NestingGuard(Parser &parser, Span at, const char *what) : parser_(parser) {
    if (parser_.nesting_ >= kMaxNesting)
      parser_.failAt(at, std::string(what) + " nested too deeply",
                     "the limit is " + std::to_string(kMaxNesting) + " levels");
    ++parser_.nesting_;
  }
  ~NestingGuard() { --parser_.nesting_; }
  NestingGuard(const NestingGuard &) = delete;
  NestingGuard &operator=(const NestingGuard &) = delete;

private:
  Parser &parser_;
};

// ------------------------------------------------------------------- tokens

const Token &Parser::peek(size_t ahead) {
  while (lookahead_.size() <= ahead)
    lookahead_.push_back(lexer_.next());
  return lookahead_[ahead];
}

Token Parser::take() {
  peek();
  Token token = std::move(lookahead_.front());
  lookahead_.pop_front();
  if (token.kind != TokenKind::End)
    prev_end_ = token.span.end;
  checkErrorLimit();
  return token;
}

bool Parser::accept(TokenKind kind) {
  if (!check(kind))
    return false;
  take();
  return true;
}

Token Parser::expect(TokenKind kind, std::string_view expected) {
  if (!check(kind))
    unexpected(peek(), expected);
  return take();
}

// End of input is shown just after the last token, not on a trailing blank line.
Span Parser::spanOf(const Token &token) const {
  if (token.kind == TokenKind::End)
    return {prev_end_, prev_end_};
  return token.span;
}

// ------------------------------------------------------------------- errors

// Reports unless an error was already reported at the same place: a second
// one there would only be a consequence of the first.
void Parser::report(Span span, std::string message, std::string hint) {
  if (last_error_at_ == span.begin)
    return;
  last_error_at_ = span.begin;
  diags_.error(span, std::move(message), std::move(hint));
  checkErrorLimit();
}

void Parser::checkErrorLimit() {
  if (diags_.all().size() - initial_diagnostics_ < kMaxErrors)
    return;
  diags_.error("too many errors in script, giving up");
  throw TooManyErrors{};
}

void Parser::failAt(Span span, std::string message, std::string hint) {
  report(span, std::move(message), std::move(hint));
  throw SyntaxError{};
}

void Parser::unexpected(const Token &token, std::string_view expected) {
  std::string what;
  if (token.kind == TokenKind::End)
    what = "end of input";
  else if (token.kind == TokenKind::String)
    what = "string literal";
  else if (token.text.size() > 40)
    what = "'" + std::string(token.text.substr(0, 40)) + "...'";
  else
    what = "'" + std::string(token.text) + "'";
  failAt(spanOf(token), "syntax error: unexpected " + what + ", expected " + std::string(expected));
}

// Skips the rest of a broken probe: through its block, or (when its '{' is
// missing) to the first unmatched '}'. A top-level declaration such as
// `import "x";` may also end at a ';'.
void Parser::recoverToNextProbe(bool at_semicolon) {
  int depth = 0;
  for (;;) {
    TokenKind kind = peek().kind;
    if (kind == TokenKind::End)
      return;
    take();
    if (kind == TokenKind::LBrace)
      ++depth;
    else if (kind == TokenKind::RBrace && --depth <= 0)
      return;
    else if (kind == TokenKind::Semicolon && depth == 0 && at_semicolon)
      return;
  }
}

// Skips the rest of a broken statement: past its ';', past a block it ends
// with, or up to the '}' that closes the enclosing block.
void Parser::recoverToStatementEnd() {
  int depth = 0;
  for (;;) {
    TokenKind kind = peek().kind;
    if (kind == TokenKind::End || (kind == TokenKind::RBrace && depth == 0))
      return;
    take();
    if (kind == TokenKind::Semicolon && depth == 0)
      return;
    if (kind == TokenKind::LBrace)
      ++depth;
    else if (kind == TokenKind::RBrace && --depth == 0 && !check(TokenKind::KwElse))
      return;
  }
}

// ------------------------------------------------------------------- probes

std::unique_ptr<Program> Parser::parseProgram(bool needs_probes) {
  auto program = std::make_unique<Program>();
  try {
    parseProbes(*program);
  } catch (TooManyErrors &) {
    return program;
  }
  conditionals_.finish(diags_);
  if (needs_probes && program->probes.empty() && program->imports.empty() && !diags_.hasErrors())
    diags_.error(spanOf(peek()), "no probes in script",
                 "a probe looks like: BEGIN { printf(\"hello\\n\"); }");
  return program;
}

void Parser::parseProbes(Program &program) {
  for (;;) {
    // Attach points are lexed in raw mode, so restart lexing where the
    // buffered token (if any) began.
    if (!lookahead_.empty())
      lexer_.rewind(lookahead_.front().span.begin);
    lookahead_.clear();
    in_predicate_ = false;
    if (lexer_.atEnd())
      break;
    if (std::optional<Span> directive = lexer_.skipDirective()) {
      parseDirective(program, *directive);
      continue;
    }
    if (!conditionals_.active()) {
      skipInactiveLine();
      continue;
    }
    try {
      if (!parseTopLevelDeclaration(program))
        parseProbe(program);
    } catch (SyntaxError &) {
      recoverToNextProbe(std::exchange(in_declaration_, false));
    }
  }
}

// `config = { … }` and `let @m = hash(N);` come before or between probes.
// Returns false (with nothing consumed) at anything else.
bool Parser::parseTopLevelDeclaration(Program &program) {
  TokenKind kind = peek().kind;
  std::string_view word = peek().text;
  bool named_type = (word == "struct" || word == "union" || word == "enum") &&
                    peek(1).kind == TokenKind::Identifier && peek(2).kind == TokenKind::LBrace;
  bool anonymous_enum = word == "enum" && peek(1).kind == TokenKind::LBrace;
  if (kind == TokenKind::Identifier && (named_type || anonymous_enum)) {
    in_declaration_ = true;
    parseCTypeDefinition(program);
    in_declaration_ = false;
    return true;
  }
  bool declaration = (kind == TokenKind::KwConfig && peek(1).kind == TokenKind::Assign) ||
                     (kind == TokenKind::KwLet && peek(1).kind == TokenKind::Map) ||
                     (kind == TokenKind::KwImport && peek(1).kind == TokenKind::String) ||
                     (kind == TokenKind::KwMacro && peek(1).kind == TokenKind::Identifier);
  if (!declaration) {
    // Attach points are scanned raw from where the buffered token began.
    lexer_.rewind(lookahead_.front().span.begin);
    lookahead_.clear();
    return false;
  }
  in_declaration_ = true;
  if (kind == TokenKind::KwConfig)
    parseConfig(program);
  else if (kind == TokenKind::KwImport)
    parseImport(program);
  else if (kind == TokenKind::KwMacro)
    parseMacro(program);
  else
    parseMapDeclaration(program);
  in_declaration_ = false;
  return true;
}

void Parser::parseConfig(Program &program) {
  Token keyword = take();
  if (!program.probes.empty())
    failAt(keyword.span, "the config block must come before any probe");
  take(); // '='
  expect(TokenKind::LBrace, "'{' after 'config ='");
  while (!accept(TokenKind::RBrace)) {
    program.config.push_back(parseConfigEntry());
    if (!accept(TokenKind::Semicolon) && !check(TokenKind::RBrace))
      unexpected(peek(), "';' or '}' in the config block");
  }
  accept(TokenKind::Semicolon);
}

ConfigEntry Parser::parseConfigEntry() {
  Token key = expect(TokenKind::Identifier, "a config variable name");
  expect(TokenKind::Assign, "'=' after the config variable name");
  const Token &value = peek();
  if (value.kind != TokenKind::Integer && value.kind != TokenKind::Identifier &&
      value.kind != TokenKind::String)
    unexpected(value, "an integer, a name or a string as the config value");
  Token taken = take();
  ConfigEntry entry;
  entry.span = Span::cover(key.span, taken.span);
  entry.key = std::string(key.text);
  entry.value_span = taken.span;
  entry.is_integer = taken.kind == TokenKind::Integer;
  entry.int_value = taken.int_value;
  entry.value = taken.kind == TokenKind::String ? taken.string_value : std::string(taken.text);
  return entry;
}

void Parser::parseMapDeclaration(Program &program) {
  Token keyword = take();
  Token name = take();
  expect(TokenKind::Assign, "'=' after the map name");
  Token kind = expect(TokenKind::Identifier, "a map type such as hash or lruhash");
  expect(TokenKind::LParen, "'(' after the map type");
  Token size = expect(TokenKind::Integer, "the map's maximum number of entries");
  expect(TokenKind::RParen, "')'");
  expect(TokenKind::Semicolon, "';' after the map declaration");
  program.map_declarations.push_back({Span::cover(keyword.span, size.span), std::string(name.text),
                                      std::string(kind.text), kind.span, size.int_value});
}

void Parser::parseImport(Program &program) {
  Token keyword = take();
  Token path = take();
  expect(TokenKind::Semicolon, "';' after the imported path");
  program.imports.push_back({Span::cover(keyword.span, path.span), path.string_value});
}

// macro NAME($var, @map, expr, …) { body }
void Parser::parseMacro(Program &program) {
  Token keyword = take();
  Token name = take();
  Macro macro;
  macro.name = std::string(name.text);
  macro.name_span = name.span;
  expect(TokenKind::LParen, "'(' after the macro name");
  if (!accept(TokenKind::RParen)) {
    do
      macro.params.push_back(parseMacroParam());
    while (accept(TokenKind::Comma));
    expect(TokenKind::RParen, "',' or ')' after a macro parameter");
  }
  if (!check(TokenKind::LBrace))
    unexpected(peek(), "'{' to start the macro body");
  auto body = parseBlockExpr();
  macro.body.reset(static_cast<BlockExpr *>(body.release()));
  macro.span = {keyword.span.begin, prev_end_};
  program.macros.push_back(std::move(macro));
}

MacroParam Parser::parseMacroParam() {
  const Token &token = peek();
  MacroParamKind kind = MacroParamKind::Expression;
  if (token.kind == TokenKind::Variable)
    kind = MacroParamKind::Variable;
  else if (token.kind == TokenKind::Map)
    kind = MacroParamKind::Map;
  else if (token.kind != TokenKind::Identifier)
    unexpected(token, "a macro parameter: $variable, @map or a name for an expression");
  Token param = take();
  return {param.span, std::string(param.text), kind};
}

void Parser::parseProbe(Program &program) {
  Probe probe;
  do
    probe.attach_points.push_back(parseAttachPoint(probe.attach_points.empty()));
  while (accept(TokenKind::Comma));
  probe.span = Span::cover(probe.attach_points.front().span, probe.attach_points.back().span);
  if (check(TokenKind::Slash))
    probe.predicate = parsePredicate();
  if (!check(TokenKind::LBrace))
    unexpected(peek(), probe.predicate ? "'{'" : "'{' or a predicate");
  probe.body = parseBlock();
  program.probes.push_back(std::move(probe));
}

// `$1 { … }`: the whole attach point comes from the command line.
static bool isPositionalParameter(std::string_view text) {
  return text.size() > 1 && text[0] == '$' && std::isdigit(static_cast<unsigned char>(text[1]));
}

AttachPoint Parser::parseAttachPoint(bool first) {
  Span span = lexer_.scanAttachPoint();
  std::string_view text = source_.slice(span);
  std::string_view word = leadingIdentifier(text);
  if (first && !word.empty() && text.size() > word.size() + 1 && text[word.size()] == '=') {
    // `name=kprobe:f { … }`: bpftrace reserves the name and ignores it.
    span.begin += static_cast<uint32_t>(word.size()) + 1;
    text = source_.slice(span);
    word = leadingIdentifier(text);
  }
  if (word.empty() && !isPositionalParameter(text)) {
    // Not an attach point: show the ordinary token found there instead.
    lexer_.rewind(span.begin);
    unexpected(peek(), "attach point");
  }
  in_declaration_ =
      isUnsupportedTopLevelWord(word) && (text.size() == word.size() || text[word.size()] != ':');
  if (in_declaration_)
    failAt({span.begin, span.begin + static_cast<uint32_t>(word.size())},
           "'" + std::string(word) + "' is not supported yet");
  prev_end_ = span.end;
  return {span, std::string(text)};
}

ExprPtr Parser::parsePredicate() {
  take(); // '/'
  in_predicate_ = true;
  ExprPtr predicate = parseExpr();
  in_predicate_ = false;
  expect(TokenKind::Slash, "'/' to end the predicate");
  return predicate;
}

// With `value`, a last expression that no ';' follows is the block's value
// (a block expression) and is moved there instead of into the statements.
Block Parser::parseBlock(ExprPtr *value) {
  NestingGuard guard(*this, spanOf(peek()), "blocks");
  expect(TokenKind::LBrace, "'{'");
  Block block;
  bool unterminated = false;
  while (!check(TokenKind::RBrace)) {
    if (check(TokenKind::End))
      unexpected(peek(), "'}'");
    try {
      StmtPtr stmt = value && check(TokenKind::KwIf) ? parseIfInValueBlock() : parseStatement();
      bool ends_with_block = endsWithBlock(*stmt);
      block.push_back(std::move(stmt));
      unterminated = !accept(TokenKind::Semicolon);
      if (unterminated && !ends_with_block && !check(TokenKind::RBrace))
        unexpected(peek(), check(TokenKind::End) ? "'}'" : "';' or '}' after statement");
    } catch (SyntaxError &) {
      unterminated = false;
      recoverToStatementEnd();
    }
  }
  take(); // '}'
  if (value && unterminated)
    if (auto *last = block.back()->as<ExprStmt>()) {
      *value = std::move(last->expr);
      block.pop_back();
    }
  return block;
}

// --------------------------------------------------------------- statements

StmtPtr Parser::parseStatement() {
  switch (peek().kind) {
  case TokenKind::KwIf:
    return parseIf();
  case TokenKind::KwWhile:
    return parseWhile();
  case TokenKind::KwFor:
    return parseFor();
  case TokenKind::KwUnroll:
    return parseUnroll();
  case TokenKind::KwReturn:
  case TokenKind::KwBreak:
  case TokenKind::KwContinue:
    return parseJump();
  case TokenKind::KwLet:
    return parseLet();
  case TokenKind::LBrace:
    return parseScope();
  case TokenKind::KwConfig:
  case TokenKind::KwMacro:
  case TokenKind::KwImport:
    failAt(peek().span, "'" + std::string(peek().text) + "' can only be used at the top level",
           "write config, import and macro definitions outside of probes");
  case TokenKind::KwElse:
    unexpected(peek(), "statement ('else' must follow an if block)");
  default:
    return parseExprOrAssignment();
  }
}

StmtPtr Parser::parseIf() {
  Token keyword = take();
  auto stmt = std::make_unique<If>(keyword.span, parseCondition(keyword));
  stmt->then_block = parseBlock();
  if (accept(TokenKind::KwElse)) {
    if (check(TokenKind::KwIf)) {
      NestingGuard guard(*this, peek().span, "blocks");
      stmt->else_block.push_back(parseIf());
    } else {
      if (!check(TokenKind::LBrace))
        unexpected(peek(), "'{' or 'if' after 'else'");
      stmt->else_block = parseBlock();
    }
  }
  stmt->span = {keyword.span.begin, prev_end_};
  return stmt;
}

// An if parsed in a block that may end with a value: its branches are block
// expressions, each keeping its value apart until it is known whether the if
// is the block's value or a statement.
struct BranchedIf {
  Span span;
  ExprPtr cond;
  ExprPtr then_branch;                 // a BlockExpr
  ExprPtr else_branch;                 // a BlockExpr, or null
  std::unique_ptr<BranchedIf> else_if; // `else if`
};

bool hasBranchValues(const BranchedIf &branched) {
  if (!branched.then_branch->as<BlockExpr>()->value)
    return false;
  if (branched.else_if)
    return hasBranchValues(*branched.else_if);
  return branched.else_branch && branched.else_branch->as<BlockExpr>()->value;
}

ExprPtr toIfExpr(BranchedIf &&branched) {
  ExprPtr else_expr =
      branched.else_if ? toIfExpr(std::move(*branched.else_if)) : std::move(branched.else_branch);
  return std::make_unique<Ternary>(branched.span, std::move(branched.cond),
                                   std::move(branched.then_branch), std::move(else_expr));
}

StmtPtr toIfStmt(BranchedIf &&branched) {
  auto stmt = std::make_unique<If>(branched.span, std::move(branched.cond));
  stmt->then_block = blockAsStatements(std::move(branched.then_branch));
  if (branched.else_if)
    stmt->else_block.push_back(toIfStmt(std::move(*branched.else_if)));
  else if (branched.else_branch)
    stmt->else_block = blockAsStatements(std::move(branched.else_branch));
  return stmt;
}

std::unique_ptr<BranchedIf> Parser::parseBranchedIf() {
  Token keyword = take();
  auto branched = std::make_unique<BranchedIf>();
  branched->cond = parseCondition(keyword);
  if (!check(TokenKind::LBrace))
    unexpected(peek(), "'{'");
  branched->then_branch = parseBlockExpr();
  if (accept(TokenKind::KwElse)) {
    if (check(TokenKind::KwIf)) {
      NestingGuard guard(*this, peek().span, "blocks");
      branched->else_if = parseBranchedIf();
    } else {
      if (!check(TokenKind::LBrace))
        unexpected(peek(), "'{' or 'if' after 'else'");
      branched->else_branch = parseBlockExpr();
    }
  }
  branched->span = {keyword.span.begin, prev_end_};
  return branched;
}

// As in bpftrace, an if/else whose branches each end with a value is the
// value of the block it ends when no ';' follows it (so an if-expression's
// branch may be one); anywhere else it is an if statement.
StmtPtr Parser::parseIfInValueBlock() {
  std::unique_ptr<BranchedIf> branched = parseBranchedIf();
  if (check(TokenKind::RBrace) && hasBranchValues(*branched)) {
    Span span = branched->span;
    return std::make_unique<ExprStmt>(span, toIfExpr(std::move(*branched)));
  }
  return toIfStmt(std::move(*branched));
}

// The condition of if/while (or unroll's count). Parentheses around it are
// an ordinary parenthesized expression, so `if (c)` and the newest
// bpftrace's `if c` both parse.
ExprPtr Parser::parseCondition(const Token &keyword) {
  if (check(TokenKind::LBrace))
    unexpected(peek(), "an expression after '" + std::string(keyword.text) + "'");
  return parseExpr();
}

StmtPtr Parser::parseWhile() {
  Token keyword = take();
  auto stmt = std::make_unique<While>(keyword.span, parseCondition(keyword));
  stmt->body = parseBlock();
  stmt->span = {keyword.span.begin, prev_end_};
  return stmt;
}

StmtPtr Parser::parseUnroll() {
  Token keyword = take();
  auto stmt = std::make_unique<Unroll>(keyword.span, parseCondition(keyword));
  stmt->body = parseBlock();
  stmt->span = {keyword.span.begin, prev_end_};
  return stmt;
}

// for ($i : start..end) { } or for ($kv : @map) { }; the newest bpftrace
// also takes the header without parentheses: for $i : 0..5 { }
StmtPtr Parser::parseFor() {
  Token keyword = take();
  bool parenthesized = accept(TokenKind::LParen);
  auto stmt =
      std::make_unique<For>(keyword.span, parseVariableName(parenthesized ? "'for ('" : "'for'"));
  expect(TokenKind::Colon, "':' after the loop variable");
  TokenKind header_end = parenthesized ? TokenKind::RParen : TokenKind::LBrace;
  if (check(TokenKind::Map) && (peek(1).kind == header_end)) {
    stmt->map = parseMapAccess();
  } else {
    stmt->start = parseExpr();
    if (!check(TokenKind::Dot) || peek(1).kind != TokenKind::Dot)
      unexpected(peek(), "'..' between the start and the end of the range");
    take();
    take();
    stmt->end = parseExpr();
  }
  if (parenthesized)
    expect(TokenKind::RParen, "')'");
  stmt->body = parseBlock();
  stmt->span = {keyword.span.begin, prev_end_};
  return stmt;
}

std::unique_ptr<Variable> Parser::parseVariableName(std::string_view after) {
  if (!check(TokenKind::Variable))
    unexpected(peek(), "a $variable after " + std::string(after));
  Token var = take();
  return std::make_unique<Variable>(var.span, std::string(var.text));
}

StmtPtr Parser::parseJump() {
  Token keyword = take();
  JumpKind kind = keyword.kind == TokenKind::KwBreak      ? JumpKind::Break
                  : keyword.kind == TokenKind::KwContinue ? JumpKind::Continue
                                                          : JumpKind::Return;
  if (kind != JumpKind::Return || check(TokenKind::Semicolon) || check(TokenKind::RBrace))
    return std::make_unique<Jump>(keyword.span, kind);
  ExprPtr value = parseExpr();
  Span span{keyword.span.begin, value->span.end};
  return std::make_unique<Jump>(span, kind, std::move(value));
}

StmtPtr Parser::parseScope() {
  uint32_t begin = peek().span.begin;
  auto stmt = std::make_unique<Scope>(peek().span);
  stmt->body = parseBlock();
  stmt->span = {begin, prev_end_};
  return stmt;
}

// let $x;  let $x = value;  let $x: type = value;  let $x: typeof(expr);
StmtPtr Parser::parseLet() {
  Token keyword = take();
  auto stmt = std::make_unique<Let>(keyword.span, parseVariableName("'let'"));
  if (accept(TokenKind::Colon)) {
    if (atTypeof()) {
      TypeOf type = parseTypeof();
      stmt->type_name = std::move(type.type_name);
      stmt->type_span = type.span;
      stmt->type_of = std::move(type.of);
    } else {
      // Any type a cast names: `let $c: struct C *;`, `let $w: struct W[10];`.
      if (!check(TokenKind::Identifier))
        unexpected(peek(), "a type name such as uint32 or string");
      std::tie(stmt->type_name, stmt->type_span) = parseCTypeName(false);
    }
  }
  if (accept(TokenKind::Assign))
    stmt->value = parseExpr();
  stmt->span = {keyword.span.begin, prev_end_};
  return stmt;
}

StmtPtr Parser::parseExprOrAssignment() {
  ExprPtr expr = parseExpr();
  TokenKind kind = peek().kind;
  std::optional<BinaryOp> compound = lookup(kCompoundAssignments, kind);
  if (kind != TokenKind::Assign && !compound) {
    if (auto *choice = expr->as<Ternary>(); choice && choice->then_expr &&
                                            choice->then_expr->as<Call>() &&
                                            choice->else_expr->as<Call>())
      return ternaryStatement(std::move(expr));
    Span span = expr->span;
    return std::make_unique<ExprStmt>(span, std::move(expr));
  }
  if (auto *name = expr->as<Builtin>(); name && name->name == "_" && !compound) {
    take(); // '='
    auto discard = std::make_unique<ExprStmt>(expr->span, parseExpr());
    discard->span = Span::cover(expr->span, discard->expr->span);
    discard->discard = true;
    return discard;
  }
  if (!isAssignable(*expr))
    failAt(expr->span, "syntax error: cannot assign to this expression",
           "only variables ($x) and maps (@m, @m[key]) can be assigned to");
  take(); // the assignment operator
  ExprPtr value = parseExpr();
  auto assign = std::make_unique<Assign>(Span::cover(expr->span, value->span), std::move(expr),
                                         std::move(value));
  assign->is_compound = compound.has_value();
  assign->compound = compound.value_or(BinaryOp::Add);
  return assign;
}

// `c ? f() : g();` as a statement runs one of the two calls; bpftrace takes
// calls without a value (print, printf) there, so it is an if/else.
StmtPtr Parser::ternaryStatement(ExprPtr expr) {
  auto &choice = *expr->as<Ternary>();
  auto stmt = std::make_unique<If>(choice.span, std::move(choice.cond));
  Span then_span = choice.then_expr->span;
  Span else_span = choice.else_expr->span;
  stmt->then_block.push_back(std::make_unique<ExprStmt>(then_span, std::move(choice.then_expr)));
  stmt->else_block.push_back(std::make_unique<ExprStmt>(else_span, std::move(choice.else_expr)));
  return stmt;
}

// -------------------------------------------------------------- expressions

ExprPtr Parser::parseExpr(int min_precedence) {
  NestingGuard guard(*this, spanOf(peek()), "expression");
  ExprPtr lhs = parseUnary();
  // A left-associative chain such as 1+1+…+1 deepens the tree without
  // recursing here, so it counts towards the nesting limit too.
  int chain = 0;
  for (;;) {
    const Token &op = peek();
    if (op.kind == TokenKind::Question && min_precedence <= kTernary) {
      lhs = parseTernaryRest(std::move(lhs));
      continue;
    }
    const BinaryOperator *binary = binaryOperator(op.kind);
    if (!binary || binary->precedence < min_precedence || endsPredicate())
      return lhs;
    checkChainLength(++chain, op.span);
    Token op_token = take();
    ExprPtr rhs = parseExpr(binary->precedence + 1);
    Span span = Span::cover(lhs->span, rhs->span);
    lhs = std::make_unique<Binary>(span, binary->op, op_token.span, std::move(lhs), std::move(rhs));
  }
}

// `cond ? a : b`, right-associative: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`.
ExprPtr Parser::parseTernaryRest(ExprPtr cond) {
  take();            // '?'
  ExprPtr then_expr; // absent in `a ?: b`
  if (!accept(TokenKind::Colon)) {
    then_expr = parseExpr();
    expect(TokenKind::Colon, "':' in conditional expression");
  }
  ExprPtr else_expr = parseExpr(kTernary);
  Span span = Span::cover(cond->span, else_expr->span);
  return std::make_unique<Ternary>(span, std::move(cond), std::move(then_expr),
                                   std::move(else_expr));
}

// In `/pid == 1/ {` the second '/' closes the predicate rather than dividing.
bool Parser::endsPredicate() {
  if (!in_predicate_ || !check(TokenKind::Slash))
    return false;
  TokenKind after = peek(1).kind;
  return after == TokenKind::LBrace || after == TokenKind::End;
}

void Parser::checkChainLength(int chain, Span at) {
  if (nesting_ + chain > kMaxNesting)
    failAt(at, "expression nested too deeply",
           "the limit is " + std::to_string(kMaxNesting) + " levels");
}

ExprPtr Parser::parseUnary() {
  std::optional<UnaryOp> op = lookup(kPrefixOperators, peek().kind);
  if (!op)
    return parsePostfix(parsePrimary());
  Token op_token = take();
  NestingGuard guard(*this, op_token.span, "expression");
  ExprPtr operand = parseUnary();
  if (*op == UnaryOp::PreInc || *op == UnaryOp::PreDec)
    requireIncrementable(*operand, op_token);
  Span span = Span::cover(op_token.span, operand->span);
  return std::make_unique<Unary>(span, *op, std::move(operand));
}

ExprPtr Parser::parsePostfix(ExprPtr expr) {
  for (int chain = 1;; ++chain) {
    const Token &token = peek();
    switch (token.kind) {
    case TokenKind::Dot:
    case TokenKind::Arrow: {
      if (token.kind == TokenKind::Dot && peek(1).kind == TokenKind::Dot)
        return expr; // the '..' of a for range
      checkChainLength(chain, token.span);
      bool arrow = take().kind == TokenKind::Arrow;
      const Token &field = peek();
      // Keywords are fine as field names, and `$t.0` names a tuple element.
      if (field.kind != TokenKind::Identifier && field.kind != TokenKind::Integer &&
          !isKeyword(field.kind))
        unexpected(field, "field name");
      Token name = take();
      Span span = Span::cover(expr->span, name.span);
      expr = std::make_unique<FieldAccess>(span, std::move(expr), std::string(name.text), name.span,
                                           arrow);
      break;
    }
    case TokenKind::PlusPlus:
    case TokenKind::MinusMinus: {
      checkChainLength(chain, token.span);
      requireIncrementable(*expr, token);
      Token op = take();
      UnaryOp kind = op.kind == TokenKind::PlusPlus ? UnaryOp::PostInc : UnaryOp::PostDec;
      Span span = Span::cover(expr->span, op.span);
      expr = std::make_unique<Unary>(span, kind, std::move(expr));
      break;
    }
    case TokenKind::LBracket: {
      checkChainLength(chain, token.span);
      take();
      ExprPtr index = parseExpr();
      Token close = expect(TokenKind::RBracket, "']'");
      Span span = Span::cover(expr->span, close.span);
      expr = std::make_unique<Index>(span, std::move(expr), std::move(index));
      break;
    }
    default:
      return expr;
    }
  }
}

void Parser::requireIncrementable(const Expr &operand, const Token &op) {
  if (!isAssignable(operand))
    failAt(operand.span, "syntax error: '" + std::string(op.text) + "' needs a variable or a map",
           "e.g. $x++ or @count[pid]++");
}

ExprPtr Parser::parsePrimary() {
  const Token &token = peek();
  switch (token.kind) {
  case TokenKind::Integer: {
    Token literal = take();
    return std::make_unique<IntegerLiteral>(literal.span, literal.int_value);
  }
  case TokenKind::String: {
    Token literal = take();
    return std::make_unique<StringLiteral>(literal.span, std::move(literal.string_value));
  }
  case TokenKind::Variable: {
    Token var = take();
    return std::make_unique<Variable>(var.span, std::string(var.text));
  }
  case TokenKind::Positional: {
    Token param = take();
    return std::make_unique<Builtin>(param.span, std::string(param.text));
  }
  case TokenKind::Map:
    return parseMapAccess();
  case TokenKind::Identifier: {
    Token name = take();
    if ((name.text == "sizeof" || name.text == "offsetof") && check(TokenKind::LParen))
      return parseTypeQuery(name);
    if (check(TokenKind::LParen))
      return parseCall(name);
    if (name.text == "true" || name.text == "false")
      return std::make_unique<BoolLiteral>(name.span, name.text == "true");
    if (auto text = string_defines_.find(name.text); text != string_defines_.end())
      return std::make_unique<StringLiteral>(name.span, text->second);
    return std::make_unique<Builtin>(name.span, std::string(name.text));
  }
  case TokenKind::KwConfig: { // the config variables' values, as the newest bpftrace's builtin
    Token name = take();
    if (check(TokenKind::LParen))
      return parseCall(name);
    return std::make_unique<Builtin>(name.span, std::string(name.text));
  }
  case TokenKind::LParen:
    return parseParenthesized();
  case TokenKind::LBrace:
    return parseBlockExpr();
  case TokenKind::KwIf:
    return parseIfExpr();
  default:
    unexpected(token, "expression");
  }
}

// `if c { a } else { b }` where a value is wanted: a Ternary whose branches
// are block expressions. As in bpftrace, the else is required and each block
// ends with its value; `else if` chains nest.
ExprPtr Parser::parseIfExpr() {
  Token keyword = take();
  ExprPtr cond = parseCondition(keyword);
  ExprPtr then_expr = parseBranchValue(keyword);
  if (!check(TokenKind::KwElse))
    failAt({keyword.span.begin, prev_end_}, "syntax error: an if used as a value needs an else",
           "give both branches a value: if ($c) { 1 } else { 2 }");
  take(); // 'else'
  ExprPtr else_expr;
  if (check(TokenKind::KwIf)) {
    NestingGuard guard(*this, peek().span, "expression");
    else_expr = parseIfExpr();
  } else {
    else_expr = parseBranchValue(keyword);
  }
  Span span{keyword.span.begin, prev_end_};
  return std::make_unique<Ternary>(span, std::move(cond), std::move(then_expr),
                                   std::move(else_expr));
}

// A branch of an if used as a value: a block whose last expression, with no
// ';' after it, is the branch's value.
ExprPtr Parser::parseBranchValue(const Token &keyword) {
  if (!check(TokenKind::LBrace))
    unexpected(peek(), "'{' after the condition of '" + std::string(keyword.text) + "'");
  ExprPtr block = parseBlockExpr();
  if (!block->as<BlockExpr>()->value)
    failAt(block->span, "syntax error: this branch of an if used as a value has no value",
           "end the block with an expression and no ';' after it, e.g. { $x + 1 }");
  return block;
}

ExprPtr Parser::parseBlockExpr() {
  uint32_t begin = peek().span.begin;
  auto block = std::make_unique<BlockExpr>(peek().span);
  block->stmts = parseBlock(&block->value);
  block->span = {begin, prev_end_};
  return block;
}

// The parentheses become part of the inner expression's span.
ExprPtr Parser::parseParenthesized() {
  Token open = take();
  if (atTypeof())
    return parseTypeofCast(open);
  if (check(TokenKind::Identifier) && isScalarTypeName(peek().text) &&
      peek(1).kind == TokenKind::RParen)
    return parseCast(open);
  if (startsCType())
    return parseTypedCast(open);
  if (check(TokenKind::Identifier) && peek(1).kind == TokenKind::Assign)
    return parseRecord(open);
  if (check(TokenKind::RParen))
    return parseTupleRest(open, nullptr);
  ExprPtr inner = parseExpr();
  if (check(TokenKind::Comma))
    return parseTupleRest(open, std::move(inner));
  Token close = expect(TokenKind::RParen, "')'");
  if (auto *type = inner->as<Builtin>(); type && startsPrimary(peek().kind)) {
    // (u64)x, (pid_t)x: a typedef name that sema resolves through BTF.
    NestingGuard guard(*this, close.span, "expression");
    ExprPtr operand = parseUnary();
    Span span = Span::cover(open.span, operand->span);
    return std::make_unique<Cast>(span, type->name, type->span, std::move(operand));
  }
  inner->span = Span::cover(open.span, close.span);
  return inner;
}

// ------------------------------------------------------------------ C types

// `(` has been taken: does a C type (rather than an expression) follow?
// Scalar names followed by '*' or '[' and C's own type words do; so does
// `name *)` (a pointer to a typedef, e.g. (u64 *)p).
bool Parser::startsCType() {
  if (!check(TokenKind::Identifier))
    return false;
  std::string_view word = peek().text;
  TokenKind next = peek(1).kind;
  if (isCTypeWord(word))
    return true;
  if (isScalarTypeName(word) && (next == TokenKind::Star || next == TokenKind::LBracket))
    return true;
  if (next != TokenKind::Star)
    return false;
  size_t ahead = 1;
  while (peek(ahead).kind == TokenKind::Star)
    ++ahead;
  return peek(ahead).kind == TokenKind::RParen;
}

// "struct task_struct *", "unsigned long", "uint8[4]". With
// `declarator_follows` (a preamble member), the last word is left for the
// member's name and no `[N]` is read.
std::pair<std::string, Span> Parser::parseCTypeName(bool declarator_follows) {
  uint32_t begin = peek().span.begin;
  std::string name;
  auto append = [&](std::string_view word) {
    if (word == "const" || word == "volatile")
      return;
    name += (name.empty() ? "" : " ") + std::string(word);
  };
  skipTypeQualifiers();
  std::string_view first = peek().text;
  if (first == "struct" || first == "union" || first == "enum") {
    append(take().text);
    append(expect(TokenKind::Identifier, "a type name").text);
  } else {
    do
      append(expect(TokenKind::Identifier, "a type name").text);
    while (check(TokenKind::Identifier) &&
           (!declarator_follows || peek(1).kind == TokenKind::Identifier));
  }
  skipTypeQualifiers();
  int stars = 0;
  while (accept(TokenKind::Star))
    ++stars;
  if (stars)
    name += " " + std::string(static_cast<size_t>(stars), '*');
  if (!declarator_follows && accept(TokenKind::LBracket)) {
    // (uint8[])x: sema sizes the array from the cast value.
    if (accept(TokenKind::RBracket)) {
      name += "[]";
    } else {
      Token count = expect(TokenKind::Integer, "an array length");
      expect(TokenKind::RBracket, "']'");
      name += "[" + std::to_string(count.int_value) + "]";
    }
  }
  if (name.empty())
    unexpected(peek(), "a type name");
  return {name, Span{begin, prev_end_}};
}

// `const` and `volatile` change nothing bpfscope reads.
void Parser::skipTypeQualifiers() {
  while (check(TokenKind::Identifier) && (peek().text == "const" || peek().text == "volatile"))
    take();
}

// (struct task_struct *)curtask
ExprPtr Parser::parseTypedCast(const Token &open) {
  auto [type, type_span] = parseCTypeName(false);
  expect(TokenKind::RParen, "')' after the type");
  NestingGuard guard(*this, type_span, "expression");
  ExprPtr operand = parseUnary();
  Span span = Span::cover(open.span, operand->span);
  return std::make_unique<Cast>(span, std::move(type), type_span, std::move(operand));
}

bool Parser::atTypeof() {
  return check(TokenKind::Identifier) && peek().text == "typeof" &&
         peek(1).kind == TokenKind::LParen;
}

// typeof(struct task_struct *), typeof(int32), typeof($x), typeof(@m)
Parser::TypeOf Parser::parseTypeof() {
  Token keyword = take();
  take(); // '('
  TypeOf type;
  if (check(TokenKind::Identifier) && (isCTypeWord(peek().text) || isScalarTypeName(peek().text)))
    std::tie(type.type_name, std::ignore) = parseCTypeName(false);
  else
    type.of = parseExpr();
  expect(TokenKind::RParen, "')'");
  type.span = {keyword.span.begin, prev_end_};
  return type;
}

// (typeof($x))$y: the cast's type is written as typeof(…).
ExprPtr Parser::parseTypeofCast(const Token &open) {
  TypeOf type = parseTypeof();
  expect(TokenKind::RParen, "')' after the type");
  NestingGuard guard(*this, type.span, "expression");
  ExprPtr operand = parseUnary();
  Span span = Span::cover(open.span, operand->span);
  auto cast =
      std::make_unique<Cast>(span, std::move(type.type_name), type.span, std::move(operand));
  cast->type_of = std::move(type.of);
  return cast;
}

// sizeof(T | expr), offsetof(T | expr, a.b)
ExprPtr Parser::parseTypeQuery(const Token &name) {
  take(); // '('
  std::string type;
  Span type_span{};
  ExprPtr of_expr;
  if (check(TokenKind::Identifier) && (isCTypeWord(peek().text) || isScalarTypeName(peek().text)))
    std::tie(type, type_span) = parseCTypeName(false);
  else
    of_expr = parseExpr();
  if (name.text == "sizeof") {
    Token close = expect(TokenKind::RParen, "')'");
    auto node = std::make_unique<Sizeof>(Span::cover(name.span, close.span));
    node->type_name = std::move(type);
    node->type_span = type_span;
    node->of_expr = std::move(of_expr);
    return node;
  }
  expect(TokenKind::Comma, "',' and a field name");
  auto node = std::make_unique<Offsetof>(name.span);
  uint32_t path_begin = peek().span.begin;
  do
    node->path.emplace_back(expect(TokenKind::Identifier, "a field name").text);
  while (accept(TokenKind::Dot));
  node->path_span = {path_begin, prev_end_};
  Token close = expect(TokenKind::RParen, "')'");
  node->span = Span::cover(name.span, close.span);
  node->type_name = std::move(type);
  node->type_span = type_span;
  node->of_expr = std::move(of_expr);
  return node;
}

// (a, b, …), (a,) and (): `first` is the element before the first ',' (null for ()).
ExprPtr Parser::parseTupleRest(const Token &open, ExprPtr first) {
  auto tuple = std::make_unique<TupleLiteral>(open.span);
  if (first) {
    tuple->elements.push_back(std::move(first));
    while (accept(TokenKind::Comma) && !check(TokenKind::RParen))
      tuple->elements.push_back(parseExpr());
  }
  Token close = expect(TokenKind::RParen, "',' or ')'");
  tuple->span = Span::cover(open.span, close.span);
  return tuple;
}

// (name = value, …)
ExprPtr Parser::parseRecord(const Token &open) {
  auto record = std::make_unique<TupleLiteral>(open.span);
  do {
    if (check(TokenKind::RParen))
      break;
    Token name = expect(TokenKind::Identifier, "a record field name");
    expect(TokenKind::Assign, "'=' after the record field name");
    record->names.emplace_back(name.text);
    record->elements.push_back(parseExpr());
  } while (accept(TokenKind::Comma));
  Token close = expect(TokenKind::RParen, "',' or ')'");
  record->span = Span::cover(open.span, close.span);
  return record;
}

// #include lines are accepted and ignored: kernel types come from BTF.
// #define NAME INTEGER defines a constant.
void Parser::parseDirective(Program &program, Span directive) {
  std::string_view text = source_.slice(directive);
  std::string_view rest = text.substr(1);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
    rest.remove_prefix(1);
  if (conditionals_.handle(rest, directive, diags_) || !conditionals_.active())
    return;
  if (rest.starts_with("include") || rest.starts_with("!"))
    return;
  if (rest.starts_with("define")) {
    rest.remove_prefix(6);
    std::string line(rest);
    char name[128];
    long long value = 0;
    char extra = 0;
    if (std::sscanf(line.c_str(), " %127[A-Za-z0-9_] %lli %c", name, &value, &extra) == 2) {
      program.c_defines.push_back({directive, name, static_cast<int64_t>(value)});
      conditionals_.define(name);
      return;
    }
    if (!defineString(directive))
      report(directive, "only '#define NAME INTEGER' and '#define NAME \"text\"' are supported");
    return;
  }
  report(directive, "unsupported C preprocessor directive",
         "#include lines are accepted (types come from kernel BTF) and #define NAME INTEGER");
}

// `#define NAME "text"`, the string lexed as a string literal is.
bool Parser::defineString(Span directive) {
  std::string_view text = source_.slice(directive);
  size_t name_begin = text.find_first_not_of(" \t", text.find("define") + 6);
  size_t name_end = text.find_first_not_of(
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_", name_begin);
  size_t quote = text.find_first_not_of(" \t", name_end);
  if (name_begin == name_end || quote == std::string_view::npos || text[quote] != '"')
    return false;
  Lexer lexer(source_, diags_, directive.begin + static_cast<uint32_t>(quote));
  Token value = lexer.next();
  if (value.kind != TokenKind::String || value.span.end > directive.end ||
      source_.slice(Span{value.span.end, directive.end}).find_first_not_of(" \t\r") !=
          std::string_view::npos)
    return false;
  std::string name(text.substr(name_begin, name_end - name_begin));
  string_defines_[name] = value.string_value;
  conditionals_.define(name);
  return true;
}

void Parser::skipInactiveLine() {
  uint32_t begin = lexer_.next().span.begin;
  size_t end = source_.text().find('\n', begin);
  lexer_.rewind(static_cast<uint32_t>(end == std::string::npos ? source_.text().size() : end));
}

// struct S { int a; char b[8]; }; union U { … }; enum E { A = 3, B };
void Parser::parseCTypeDefinition(Program &program) {
  CTypeDefinition def = parseCTypeBody();
  // bpftrace's older tools end some definitions without ';' (runqlen.bt).
  accept(TokenKind::Semicolon);
  def.span = Span::cover(def.span, Span{prev_end_, prev_end_});
  for (CTypeDefinition &nested : nested_types_)
    program.c_types.push_back(std::move(nested));
  nested_types_.clear();
  program.c_types.push_back(std::move(def));
}

// `struct S { … }` up to its closing brace (and any __attribute__).
CTypeDefinition Parser::parseCTypeBody() {
  CTypeDefinition def;
  Token kind = take();
  def.kind = std::string(kind.text);
  if (!check(TokenKind::LBrace)) // `enum { A = 1 };` has no name
    def.name = std::string(take().text);
  take(); // '{'
  if (def.kind == "enum") {
    while (!check(TokenKind::RBrace)) {
      Token name = expect(TokenKind::Identifier, "an enumerator name");
      CEnumValue value{name.span, std::string(name.text), std::nullopt};
      if (accept(TokenKind::Assign)) {
        bool negative = accept(TokenKind::Minus);
        Token number = expect(TokenKind::Integer, "an integer");
        value.value = static_cast<int64_t>(number.int_value) * (negative ? -1 : 1);
      }
      def.values.push_back(std::move(value));
      if (!accept(TokenKind::Comma))
        break;
    }
  } else {
    def.fields = parseCFields();
  }
  expect(TokenKind::RBrace, "'}'");
  // `__attribute__((packed))` and the like are accepted and ignored.
  if (check(TokenKind::Identifier) && peek().text == "__attribute__") {
    take();
    int depth = 0;
    do {
      if (check(TokenKind::LParen))
        ++depth;
      else if (check(TokenKind::RParen))
        --depth;
      else if (check(TokenKind::End))
        unexpected(peek(), "')'");
      take();
    } while (depth > 0);
  }
  def.span = Span::cover(kind.span, Span{prev_end_, prev_end_});
  return def;
}

std::vector<CField> Parser::parseCFields() {
  std::vector<CField> fields;
  while (!check(TokenKind::RBrace) && !check(TokenKind::End))
    parseCMember(fields);
  return fields;
}

// `union { int x; long y; };` or `struct { … } name;`: a member of an
// anonymous struct or union type.
bool Parser::atAnonymousMemberType() {
  return (peek().text == "struct" || peek().text == "union") && peek(1).kind == TokenKind::LBrace;
}

// `struct Bar { int x; } bar;`: a member whose type is defined in place.
bool Parser::atNamedMemberType() {
  std::string_view word = peek().text;
  return (word == "struct" || word == "union" || word == "enum") &&
         peek(1).kind == TokenKind::Identifier && peek(2).kind == TokenKind::LBrace;
}

void Parser::parseNamedMemberType(CField &field) {
  NestingGuard guard(*this, peek().span, "struct");
  CTypeDefinition def = parseCTypeBody();
  field.type_name = def.kind + " " + def.name;
  int stars = 0;
  while (accept(TokenKind::Star))
    ++stars;
  if (stars)
    field.type_name += " " + std::string(static_cast<size_t>(stars), '*');
  nested_types_.push_back(std::move(def));
}

// One member declaration: a type and its declarators, as C writes them
// (`unsigned int a:4, b:8;`). As clang does, the last member before '}' may
// go without its ';'.
void Parser::parseCMember(std::vector<CField> &fields) {
  CField field;
  uint32_t begin = peek().span.begin;
  skipTypeQualifiers();
  if (atNamedMemberType()) {
    parseNamedMemberType(field);
  } else if (atAnonymousMemberType()) {
    field.inline_kind = std::string(take().text);
    take(); // '{'
    NestingGuard guard(*this, peek().span, "struct");
    field.inline_fields = parseCFields();
    expect(TokenKind::RBrace, "'}'");
    if (accept(TokenKind::Semicolon)) {
      field.span = {begin, prev_end_};
      fields.push_back(std::move(field));
      return;
    }
  } else {
    std::tie(field.type_name, std::ignore) = parseCTypeName(true);
  }
  do {
    CField declared = field;
    parseCDeclarator(declared);
    declared.span = {begin, prev_end_};
    fields.push_back(std::move(declared));
  } while (accept(TokenKind::Comma));
  if (!check(TokenKind::RBrace))
    expect(TokenKind::Semicolon, "';' after the member");
}

// NAME, NAME[N] or NAME:BITS.
void Parser::parseCDeclarator(CField &field) {
  field.name = std::string(expect(TokenKind::Identifier, "a member name").text);
  while (accept(TokenKind::LBracket)) { // `int y[2][3]`: outermost length first
    Token count = expect(TokenKind::Integer, "an array length");
    field.array_counts.push_back(count.int_value);
    expect(TokenKind::RBracket, "']'");
  }
  if (accept(TokenKind::Colon))
    field.bit_width = expect(TokenKind::Integer, "a bit width").int_value;
}

// (uint8)x: a cast binds like a prefix operator.
ExprPtr Parser::parseCast(const Token &open) {
  Token type = take();
  take(); // ')'
  NestingGuard guard(*this, type.span, "expression");
  ExprPtr operand = parseUnary();
  Span span = Span::cover(open.span, operand->span);
  return std::make_unique<Cast>(span, std::string(type.text), type.span, std::move(operand));
}

ExprPtr Parser::parseMapAccess() {
  Token name = take();
  auto map = std::make_unique<MapAccess>(name.span, std::string(name.text));
  if (!accept(TokenKind::LBracket))
    return map;
  do
    map->keys.push_back(parseMapKey());
  while (accept(TokenKind::Comma));
  Token close = expect(TokenKind::RBracket, "',' or ']'");
  map->span = Span::cover(name.span, close.span);
  return map;
}

// A key, or `*` standing alone for any value of it (delete(@m[k, *])).
ExprPtr Parser::parseMapKey() {
  TokenKind after = peek(1).kind;
  if (check(TokenKind::Star) && (after == TokenKind::Comma || after == TokenKind::RBracket))
    return std::make_unique<WildcardKey>(take().span);
  return parseExpr();
}

ExprPtr Parser::parseCall(const Token &name) {
  take(); // '('
  auto call = std::make_unique<Call>(name.span, std::string(name.text), name.span);
  if (!check(TokenKind::RParen)) {
    do
      call->args.push_back(parseExpr());
    while (accept(TokenKind::Comma));
  }
  Token close = expect(TokenKind::RParen, "',' or ')'");
  call->span = Span::cover(name.span, close.span);
  return call;
}

} // namespace

std::unique_ptr<ast::Program> parse(const SourceFile &source, Diagnostics &diags) {
  return Parser(source, diags, 0).parseProgram(/*needs_probes=*/true);
}

std::unique_ptr<ast::Program> parseImported(const SourceFile &source, uint32_t begin,
                                            Diagnostics &diags) {
  return Parser(source, diags, begin).parseProgram(/*needs_probes=*/false);
}

} // namespace bpfscope
