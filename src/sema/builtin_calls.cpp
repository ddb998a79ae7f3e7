#include "sema/builtin_calls.h"

#include "parser/ast_walk.h"
#include "sema/builtins.h"
#include "sema/probe_builtins.h"
#include "sema/typed_access.h"

#include <set>
#include <string_view>

namespace bpfscope {
namespace {

bool isBuiltinName(const std::string &name) {
  return builtinType(name) || isProbeBuiltin(name) || isTaskBuiltin(name) ||
         isContextBuiltin(name) || name == "probe" || name == "probetype";
}

// The names the newest bpftrace's standard library gives its builtins
// (`macro comm() { __builtin_comm }`), less the prefix.
bool hasInternalName(std::string_view name) {
  static const std::set<std::string_view> names = {
      "cgroup",    "comm", "config",  "cpid",   "cpu",      "curtask",  "elapsed",
      "func",      "gid",  "jiffies", "kstack", "ncpus",    "numaid",   "probe",
      "probetype", "rand", "retval",  "uid",    "usermode", "username", "ustack"};
  return names.count(name) != 0;
}

// `__builtin_comm` is `comm`; other names stay as written.
void dropInternalPrefix(std::string &name) {
  constexpr std::string_view prefix = "__builtin_";
  if (name.rfind(prefix, 0) == 0 && hasInternalName(std::string_view(name).substr(prefix.size())))
    name.erase(0, prefix.size());
}

} // namespace

void rewriteBuiltinCalls(ast::Program &program) {
  ast::rewriteExpressions(program, [](ast::ExprPtr &slot) {
    if (auto *builtin = slot->as<ast::Builtin>())
      dropInternalPrefix(builtin->name);
    auto *call = slot->as<ast::Call>();
    if (call)
      dropInternalPrefix(call->name);
    if (call && call->args.empty() && isBuiltinName(call->name))
      slot = std::make_unique<ast::Builtin>(call->span, call->name);
  });
}

} // namespace bpfscope
