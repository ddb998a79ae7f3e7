#include "sema/strftime.h"

namespace bpfscope {

std::optional<Type> strftimeType(const ast::Call &call, const Type &nsecs_type,
                                 const ReportError &error) {
  if (call.args.size() != 2) {
    error(call.span, "strftime() takes a format and a timestamp",
          "write strftime(\"%H:%M:%S\", nsecs)");
    return std::nullopt;
  }
  auto *format = call.args[0]->as<ast::StringLiteral>();
  if (!format) {
    error(call.args[0]->span, "strftime() needs a format string literal",
          "write strftime(\"%H:%M:%S\", nsecs)");
    return std::nullopt;
  }
  if (nsecs_type.kind == TypeKind::None)
    return std::nullopt;
  if (!nsecs_type.isInteger()) {
    error(call.args[1]->span,
          "strftime() needs a timestamp in nanoseconds since boot, not " + nsecs_type.name(),
          "e.g. strftime(\"%H:%M:%S\", nsecs)");
    return std::nullopt;
  }
  return Type::timestamp(format->value);
}

} // namespace bpfscope
