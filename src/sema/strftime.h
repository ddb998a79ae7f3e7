// strftime(FORMAT, NSECS): a boot-clock timestamp that user space prints as
// local wall-clock time with FORMAT (runtime/time_format.h). The format is a
// string literal, part of the value's type.
#pragma once

#include "parser/ast.h"
#include "sema/typed_access.h"
#include "sema/types.h"

#include <optional>

namespace bpfscope {

// `nsecs_type` is the second argument's type (none when there is none).
std::optional<Type> strftimeType(const ast::Call &call, const Type &nsecs_type,
                                 const ReportError &error);

} // namespace bpfscope
