// A hand-written recursive-descent parser with a Pratt loop for binary
// operators. To extend the language:
//   - a binary operator: add a row to kBinaryOperators;
//   - a prefix operator: add a row to kPrefixOperators;
//   - a statement: add a case to parseStatement() (and drop its keyword from
//     the "not supported yet" list there);
//   - a primary expression: add a case to parsePrimary().
#include "parser/parser.h"

#include "parser/lexer.h"

#include <deque>
#include <optional>
#include <string_view>
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
    {TokenKind::MinusMinus, UnaryOp::PreDec},
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
  return word == "config" || word == "import" || word == "macro" || word == "let" || word == "fn";
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

class Parser {
public:
  Parser(const SourceFile &source, Diagnostics &diags)
      : source_(source), diags_(diags), lexer_(source, diags),
        initial_diagnostics_(diags.all().size()) {}

  std::unique_ptr<Program> parseProgram();

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
  [[noreturn]] void notSupported(const Token &token);
  void recoverToNextProbe(bool at_semicolon);
  void recoverToStatementEnd();

  // Probes.
  void parseProbes(Program &program);
  void parseProbe(Program &program);
  AttachPoint parseAttachPoint();
  ExprPtr parsePredicate();
  Block parseBlock();

  // Statements.
  StmtPtr parseStatement();
  StmtPtr parseIf();
  StmtPtr parseExprOrAssignment();

  // Expressions.
  ExprPtr parseExpr(int min_precedence = kTernary);
  ExprPtr parseTernaryRest(ExprPtr cond);
  bool endsPredicate();
  ExprPtr parseUnary();
  ExprPtr parsePostfix(ExprPtr expr);
  ExprPtr parsePrimary();
  ExprPtr parseParenthesized();
  ExprPtr parseMapAccess();
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

void Parser::notSupported(const Token &token) {
  failAt(token.span, "'" + std::string(token.text) + "' is not supported yet");
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

std::unique_ptr<Program> Parser::parseProgram() {
  auto program = std::make_unique<Program>();
  try {
    parseProbes(*program);
  } catch (TooManyErrors &) {
    return program;
  }
  if (program->probes.empty() && !diags_.hasErrors())
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
      report(*directive, "C preprocessor directives are not supported yet");
      continue;
    }
    try {
      parseProbe(program);
    } catch (SyntaxError &) {
      recoverToNextProbe(std::exchange(in_declaration_, false));
    }
  }
}

void Parser::parseProbe(Program &program) {
  Probe probe;
  do
    probe.attach_points.push_back(parseAttachPoint());
  while (accept(TokenKind::Comma));
  probe.span = Span::cover(probe.attach_points.front().span, probe.attach_points.back().span);
  if (check(TokenKind::Slash))
    probe.predicate = parsePredicate();
  if (!check(TokenKind::LBrace))
    unexpected(peek(), probe.predicate ? "'{'" : "'{' or a predicate");
  probe.body = parseBlock();
  program.probes.push_back(std::move(probe));
}

AttachPoint Parser::parseAttachPoint() {
  Span span = lexer_.scanAttachPoint();
  std::string_view text = source_.slice(span);
  std::string_view word = leadingIdentifier(text);
  if (word.empty()) {
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

Block Parser::parseBlock() {
  NestingGuard guard(*this, spanOf(peek()), "blocks");
  expect(TokenKind::LBrace, "'{'");
  Block block;
  while (!check(TokenKind::RBrace)) {
    if (check(TokenKind::End))
      unexpected(peek(), "'}'");
    try {
      StmtPtr stmt = parseStatement();
      bool ends_with_block = stmt->is<If>();
      block.push_back(std::move(stmt));
      if (!accept(TokenKind::Semicolon) && !ends_with_block && !check(TokenKind::RBrace))
        unexpected(peek(), check(TokenKind::End) ? "'}'" : "';' or '}' after statement");
    } catch (SyntaxError &) {
      recoverToStatementEnd();
    }
  }
  take(); // '}'
  return block;
}

// --------------------------------------------------------------- statements

StmtPtr Parser::parseStatement() {
  switch (peek().kind) {
  case TokenKind::KwIf:
    return parseIf();
  case TokenKind::KwWhile:
  case TokenKind::KwFor:
  case TokenKind::KwUnroll:
  case TokenKind::KwReturn:
  case TokenKind::KwBreak:
  case TokenKind::KwContinue:
  case TokenKind::KwLet:
  case TokenKind::KwConfig:
  case TokenKind::KwMacro:
  case TokenKind::KwImport:
    notSupported(peek());
  case TokenKind::KwElse:
    unexpected(peek(), "statement ('else' must follow an if block)");
  case TokenKind::LBrace:
    unexpected(peek(), "statement");
  default:
    return parseExprOrAssignment();
  }
}

StmtPtr Parser::parseIf() {
  Token keyword = take();
  expect(TokenKind::LParen, "'(' after 'if'");
  ExprPtr cond = parseExpr();
  expect(TokenKind::RParen, "')'");
  auto stmt = std::make_unique<If>(keyword.span, std::move(cond));
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

StmtPtr Parser::parseExprOrAssignment() {
  ExprPtr expr = parseExpr();
  TokenKind kind = peek().kind;
  std::optional<BinaryOp> compound = lookup(kCompoundAssignments, kind);
  if (kind != TokenKind::Assign && !compound) {
    Span span = expr->span;
    return std::make_unique<ExprStmt>(span, std::move(expr));
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
  take(); // '?'
  ExprPtr then_expr = parseExpr();
  expect(TokenKind::Colon, "':' in conditional expression");
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
    case TokenKind::LBracket:
      failAt(token.span, "indexing is not supported yet");
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
    if (check(TokenKind::LParen))
      return parseCall(name);
    return std::make_unique<Builtin>(name.span, std::string(name.text));
  }
  case TokenKind::LParen:
    return parseParenthesized();
  default:
    unexpected(token, "expression");
  }
}

// The parentheses become part of the inner expression's span.
ExprPtr Parser::parseParenthesized() {
  Token open = take();
  std::string_view first = peek().text;
  if (peek().kind == TokenKind::Identifier &&
      (first == "struct" || first == "union" || first == "enum"))
    failAt(Span::cover(open.span, peek().span), "casts are not supported yet");
  ExprPtr inner = parseExpr();
  if (check(TokenKind::Comma))
    failAt(peek().span, "tuples are not supported yet");
  Token close = expect(TokenKind::RParen, "')'");
  if (inner->is<Builtin>() && startsPrimary(peek().kind))
    failAt(Span::cover(open.span, close.span), "casts are not supported yet");
  inner->span = Span::cover(open.span, close.span);
  return inner;
}

ExprPtr Parser::parseMapAccess() {
  Token name = take();
  auto map = std::make_unique<MapAccess>(name.span, std::string(name.text));
  if (!accept(TokenKind::LBracket))
    return map;
  do
    map->keys.push_back(parseExpr());
  while (accept(TokenKind::Comma));
  Token close = expect(TokenKind::RBracket, "',' or ']'");
  map->span = Span::cover(name.span, close.span);
  return map;
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
  return Parser(source, diags).parseProgram();
}

} // namespace bpfscope
