#include "sema/builtin_calls.h"

#include "parser/ast_walk.h"
#include "sema/builtins.h"
#include "sema/probe_builtins.h"
#include "sema/typed_access.h"

namespace bpfscope {
namespace {

bool isBuiltinName(const std::string &name) {
  return builtinType(name) || isProbeBuiltin(name) || isTaskBuiltin(name) ||
         isContextBuiltin(name) || name == "probe" || name == "probetype";
}

} // namespace

void rewriteBuiltinCalls(ast::Program &program) {
  ast::rewriteExpressions(program, [](ast::ExprPtr &slot) {
    auto *call = slot->as<ast::Call>();
    if (call && call->args.empty() && isBuiltinName(call->name))
      slot = std::make_unique<ast::Builtin>(call->span, call->name);
  });
}

} // namespace bpfscope
