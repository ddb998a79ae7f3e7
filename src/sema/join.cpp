#include "sema/join.h"

namespace bpfscope {

std::optional<PrintfInfo> joinRecord(const ast::Call &call, const Type &array,
                                     const ReportError &error) {
  if (call.args.empty() || call.args.size() > 2) {
    error(call.span, "join() takes an array of strings and an optional separator",
          "write join(args.argv) or join(args.argv, \",\")");
    return std::nullopt;
  }
  std::string separator = " ";
  if (call.args.size() == 2) {
    auto *literal = call.args[1]->as<ast::StringLiteral>();
    if (!literal) {
      error(call.args[1]->span, "join()'s separator must be a string literal", {});
      return std::nullopt;
    }
    separator = literal->value;
  }
  if (array.kind == TypeKind::None)
    return std::nullopt;
  if (!array.isPointer() && !array.isInteger()) {
    error(call.args[0]->span,
          "join() needs the address of an array of string pointers, not " + array.name(),
          "e.g. join(args.argv)");
    return std::nullopt;
  }
  PrintfInfo info{&call, call.span, separator, {array}, {}, AsyncKind::Join};
  info.args =
      Type::tuple({Type::integer(8, false), Type::array(Type::string(kJoinArgSize), kJoinMaxArgs)});
  return info;
}

} // namespace bpfscope
