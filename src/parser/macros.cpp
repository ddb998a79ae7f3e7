#include "parser/macros.h"

#include "parser/ast_clone.h"
#include "parser/ast_walk.h"
#include "parser/if_statements.h"

#include <algorithm>
#include <map>
#include <set>

namespace bpfscope {
namespace {

using namespace ast;

// Past this many expansions, or nodes copied into probes, a script's macros
// fan out beyond any use (each use of an expression parameter copies it).
constexpr int kMaxExpansions = 10000;
constexpr size_t kMaxCopiedNodes = 1000000;

// What the names in one expansion of a macro body stand for.
struct Bindings {
  const Macro *macro = nullptr;                    // null in a probe's own code
  std::string prefix;                              // replaces the '$' of the body's own variables
  std::map<std::string, std::string> variables;    // $param -> the caller's variable
  std::map<std::string, std::string> maps;         // @param -> the caller's map
  std::map<std::string, const Expr *> expressions; // param -> the caller's argument
};

std::string signature(const Macro &macro) {
  std::string params;
  for (const MacroParam &param : macro.params)
    params += (params.empty() ? "" : ", ") + param.name;
  return macro.name + "(" + params + ")";
}

std::string describe(const Expr &arg) {
  if (arg.is<Variable>())
    return "a variable";
  if (arg.is<MapAccess>())
    return arg.as<MapAccess>()->keys.empty() ? "a map" : "a map element";
  return "an expression";
}

// A call used as a statement is a block statement, not a block expression.
Visitor blockStatements() {
  Visitor visitor;
  visitor.expr = [](ExprPtr &) { return true; };
  visitor.statement = [](StmtPtr &stmt) {
    auto *s = stmt->as<ExprStmt>();
    auto *block = s ? s->expr->as<BlockExpr>() : nullptr;
    if (!block)
      return;
    auto scope = std::make_unique<Scope>(block->span);
    if (block->value && isIfExpression(*block->value)) {
      scope->body = ast::blockAsStatements(std::move(s->expr));
      stmt = std::move(scope);
      return;
    }
    scope->body = std::move(block->stmts);
    if (block->value) {
      Span span = block->value->span;
      auto value = std::make_unique<ExprStmt>(span, std::move(block->value));
      value->discard = s->discard;
      scope->body.push_back(std::move(value));
    }
    stmt = std::move(scope);
  };
  return visitor;
}

class Expander {
public:
  explicit Expander(Diagnostics &diags) : diags_(diags) {}

  void run(Program &program) {
    for (Macro &macro : program.macros)
      define(macro);
    if (diags_.hasErrors())
      return;
    Bindings probe_code;
    for (Probe &probe : program.probes) {
      statement_expr_ = nullptr;
      walkExpr(probe.predicate, visitor(probe_code));
      walkBlock(probe.body, visitor(probe_code));
      walkBlock(probe.body, blockStatements());
    }
  }

private:
  // ------------------------------------------------------------ definitions

  void define(Macro &macro) {
    auto [known, added] = macros_.emplace(macro.name, &macro);
    if (!added) {
      diags_.error(macro.name_span, "macro " + macro.name + " is defined twice",
                   "the first definition is at " + where(known->second->name_span));
      return;
    }
    std::set<std::string> params;
    for (const MacroParam &param : macro.params)
      if (!params.insert(param.name).second)
        diags_.error(param.span, "macro " + macro.name + " has two parameters named " + param.name);
    checkHygiene(macro, params);
  }

  // A body may use only its parameters and the variables it assigns itself.
  void checkHygiene(Macro &macro, const std::set<std::string> &params) {
    std::set<std::string> own;
    std::vector<const Variable *> uses;
    Visitor visitor;
    visitor.statement = [&](StmtPtr &stmt) {
      if (auto *assign = stmt->as<Assign>())
        if (auto *var = assign->target->as<Variable>()) {
          own.insert(var->name);
          if (params.count(var->name))
            assigned_params_[&macro].insert(var->name);
        }
    };
    visitor.declared = [&](Variable &var) {
      if (params.count(var.name))
        diags_.error(var.span, "this declaration hides the parameter " + var.name,
                     "give the variable of macro " + macro.name + " another name");
      own.insert(var.name);
    };
    visitor.expr = [&](ExprPtr &e) {
      if (auto *var = e->as<Variable>())
        uses.push_back(var);
      if (const Variable *stepped = steppedVariable(*e); stepped && params.count(stepped->name))
        assigned_params_[&macro].insert(stepped->name);
      if (auto *map = e->as<MapAccess>(); map && !params.count(map->name))
        diags_.error(map->span,
                     "macro " + macro.name + " uses the map " + map->name +
                         ", which is not one of its parameters",
                     "maps are passed in: add " + map->name + " to the parameters of " +
                         macro.name + " and to each call");
      return true;
    };
    walkBlock(macro.body->stmts, visitor);
    walkExpr(macro.body->value, visitor);
    std::set<std::string> reported;
    for (const Variable *use : uses)
      if (!params.count(use->name) && !own.count(use->name) && reported.insert(use->name).second)
        diags_.error(use->span,
                     "macro " + macro.name + " reads " + use->name +
                         ", which it neither assigns nor takes as a parameter",
                     "pass the variable in: macro " + macro.name + "(…, " + use->name + ")");
  }

  // The variable `$x++`, `--$x` and the like step, if `e` is one of those.
  static const Variable *steppedVariable(const Expr &e) {
    const auto *unary = e.as<Unary>();
    bool steps = unary && (unary->op == UnaryOp::PreInc || unary->op == UnaryOp::PreDec ||
                           unary->op == UnaryOp::PostInc || unary->op == UnaryOp::PostDec);
    return steps ? unary->operand->as<Variable>() : nullptr;
  }

  bool assigns(const Macro &macro, const std::string &param) const {
    auto it = assigned_params_.find(&macro);
    return it != assigned_params_.end() && it->second.count(param);
  }

  std::string where(Span span) const {
    const SourceFile &source = diags_.source();
    return source.fileAt(span.begin) + ":" + std::to_string(source.locateInFile(span.begin).line);
  }

  // ------------------------------------------------------------ expansion

  Visitor visitor(Bindings &bindings) {
    Visitor visitor;
    visitor.statement = [this](StmtPtr &stmt) {
      if (auto *s = stmt->as<ExprStmt>())
        statement_expr_ = s->expr.get();
    };
    visitor.declared = [&bindings](Variable &var) { rename(var, bindings); };
    visitor.expr = [this, &bindings](ExprPtr &slot) { return visit(slot, bindings); };
    return visitor;
  }

  static void rename(Variable &var, const Bindings &bindings) {
    if (!bindings.macro)
      return;
    auto param = bindings.variables.find(var.name);
    var.name =
        param != bindings.variables.end() ? param->second : bindings.prefix + var.name.substr(1);
  }

  // Returns whether the walk should go on into the expression's children.
  bool visit(ExprPtr &slot, Bindings &bindings) {
    if (too_large_)
      return false;
    bool as_statement = slot.get() == statement_expr_;
    if (as_statement)
      statement_expr_ = nullptr;
    if (bindings.macro && !bindParameter(slot, bindings))
      return false;
    const Macro *macro = calledMacro(*slot);
    if (!macro)
      return true;
    if (ExprPtr body = expand(*macro, *slot, bindings, as_statement))
      slot = std::move(body);
    return false;
  }

  // Puts the caller's names and arguments in for the parameters; false when
  // the slot now holds a finished argument.
  bool bindParameter(ExprPtr &slot, const Bindings &bindings) {
    if (auto *var = slot->as<Variable>()) {
      if (auto param = bindings.expressions.find(var->name); param != bindings.expressions.end()) {
        slot = clone(*param->second);
        countCopied(slot);
        return false;
      }
      rename(*var, bindings);
    } else if (auto *map = slot->as<MapAccess>()) {
      if (auto param = bindings.maps.find(map->name); param != bindings.maps.end())
        map->name = param->second;
    } else if (auto *name = slot->as<Builtin>()) {
      if (auto param = bindings.expressions.find(name->name); param != bindings.expressions.end()) {
        slot = clone(*param->second);
        countCopied(slot);
        return false;
      }
    }
    return true;
  }

  const Macro *calledMacro(const Expr &e) const {
    const std::string *name = nullptr;
    if (const auto *call = e.as<Call>())
      name = &call->name;
    else if (const auto *builtin = e.as<Builtin>())
      name = &builtin->name;
    auto it = name ? macros_.find(*name) : macros_.end();
    return it == macros_.end() ? nullptr : it->second;
  }

  ExprPtr expand(const Macro &macro, Expr &use, Bindings &caller, bool as_statement) {
    std::vector<ExprPtr> no_args; // a bare name: `f` for `f()`
    auto *call = use.as<Call>();
    std::vector<ExprPtr> &args = call ? call->args : no_args;
    if (!callable(macro, use, args.size(), as_statement))
      return nullptr;
    // The arguments belong to the caller: its names, its macros.
    for (ExprPtr &arg : args)
      walkExpr(arg, visitor(caller));
    Bindings callee;
    callee.macro = &macro;
    callee.prefix =
        "$$" + macro.name + "_" + (stack_.empty() ? "" : std::to_string(stack_.size() + 1) + "_");
    if (!bind(macro, args, callee))
      return nullptr;
    ExprPtr body = clone(*macro.body, use.span);
    countCopied(body);
    stack_.push_back(&macro);
    walkExpr(body, visitor(callee));
    stack_.pop_back();
    return body;
  }

  void countCopied(ExprPtr &copy) {
    Visitor counter;
    counter.expr = [this](ExprPtr &) { return ++copied_nodes_ <= kMaxCopiedNodes; };
    walkExpr(copy, counter);
    if (copied_nodes_ > kMaxCopiedNodes && !too_large_) {
      too_large_ = true;
      diags_.error(copy->span,
                   "macros expand to more than " + std::to_string(kMaxCopiedNodes) + " expressions",
                   "each use of an expression parameter copies the argument; bind it to a "
                   "variable once (let $v = x;) and use the variable");
    }
  }

  bool callable(const Macro &macro, const Expr &use, size_t args, bool as_statement) {
    if (args != macro.params.size()) {
      diags_.error(use.span,
                   "macro " + macro.name + " takes " + std::to_string(macro.params.size()) +
                       " argument" + (macro.params.size() == 1 ? "" : "s") + ", not " +
                       std::to_string(args),
                   "it is defined as " + signature(macro) + " at " + where(macro.name_span));
      return false;
    }
    if (auto it = std::find(stack_.begin(), stack_.end(), &macro); it != stack_.end()) {
      std::string chain;
      for (; it != stack_.end(); ++it)
        chain += (*it)->name + " > ";
      diags_.error(use.span, "recursive macro call: " + chain + macro.name,
                   "a macro is expanded where it is called, so it cannot call itself");
      return false;
    }
    if (!macro.body->value && !as_statement) {
      diags_.error(use.span, "macro " + macro.name + " has no value: its body ends with a ';'",
                   "call it as a statement, or end its body with an expression and no ';'");
      return false;
    }
    if (++expansions_ > kMaxExpansions) {
      diags_.error(use.span, "macros expand to more than " + std::to_string(kMaxExpansions) +
                                 " copies of their bodies");
      return false;
    }
    return true;
  }

  bool bind(const Macro &macro, std::vector<ExprPtr> &args, Bindings &callee) {
    bool bound = true;
    for (size_t i = 0; i < args.size(); ++i) {
      const MacroParam &param = macro.params[i];
      const Expr &arg = *args[i];
      if (param.kind == MacroParamKind::Expression) {
        callee.expressions[param.name] = &arg;
      } else if (param.kind == MacroParamKind::Variable && arg.is<Variable>()) {
        callee.variables[param.name] = arg.as<Variable>()->name;
      } else if (param.kind == MacroParamKind::Variable && !assigns(macro, param.name)) {
        // A $parameter the body only reads stands for the argument, copied
        // into each place the body reads it.
        callee.expressions[param.name] = &arg;
      } else if (param.kind == MacroParamKind::Map && arg.is<MapAccess>() &&
                 arg.as<MapAccess>()->keys.empty()) {
        callee.maps[param.name] = arg.as<MapAccess>()->name;
      } else {
        bool wants_map = param.kind == MacroParamKind::Map;
        diags_.error(arg.span,
                     "macro " + macro.name + " takes " + (wants_map ? "a map" : "a variable") +
                         " for " + param.name + ", not " + describe(arg),
                     std::string("pass ") + (wants_map ? "a map, e.g. @counts" : "a $variable") +
                         ": " + signature(macro) + " may assign it");
        bound = false;
      }
    }
    return bound;
  }

  Diagnostics &diags_;
  std::map<std::string, const Macro *> macros_;
  std::map<const Macro *, std::set<std::string>> assigned_params_; // $params a body assigns
  std::vector<const Macro *> stack_;     // the expansions under way, outermost first
  const Expr *statement_expr_ = nullptr; // the expression of the statement being walked
  int expansions_ = 0;
  size_t copied_nodes_ = 0;
  bool too_large_ = false;
};

} // namespace

bool expandMacros(ast::Program &program, Diagnostics &diags) {
  Expander(diags).run(program);
  return !diags.hasErrors();
}

} // namespace bpfscope
