// join(ARRAY[, SEPARATOR]): prints the strings of a NULL-terminated array of
// string pointers (execve's argv) joined by SEPARATOR (default " "). The
// probe copies up to kJoinMaxArgs strings of up to kJoinArgSize bytes each
// into the record; user space joins them.
#pragma once

#include "parser/ast.h"
#include "sema/program.h"
#include "sema/typed_access.h"

#include <optional>

namespace bpfscope {

inline constexpr uint32_t kJoinMaxArgs = 16;
inline constexpr uint32_t kJoinArgSize = 256;

// The record of a join() call whose first argument has type `array`:
// {uint64 count; string[kJoinArgSize] args[kJoinMaxArgs]}, the separator in
// `format`. nullopt after reporting what is wrong.
std::optional<PrintfInfo> joinRecord(const ast::Call &call, const Type &array,
                                     const ReportError &error);

} // namespace bpfscope
