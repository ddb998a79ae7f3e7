// kstack and ustack: `kstack`, `kstack(LIMIT)`, `kstack(MODE)`,
// `kstack(MODE, LIMIT)` with MODE one of bpftrace, perf, raw. The mode and
// limit are part of the type (sema/types.h, TypeKind::Stack), so that a map
// keyed by one stack shape is not written with another.
#pragma once

#include "parser/ast.h"
#include "sema/typed_access.h"
#include "sema/types.h"

#include <optional>
#include <string>

namespace bpfscope {

// bpftrace's defaults: the kernel's default perf_event_max_stack, and the most a stack may hold.
inline constexpr uint32_t kDefaultStackFrames = 127;
inline constexpr uint32_t kMaxStackFrames = 1024;

bool isStackFunction(const std::string &name);

// "bpftrace", "perf", "raw" or "build_id"; nullopt for anything else.
std::optional<StackMode> stackModeNamed(const std::string &name);

// kstack/ustack without arguments, printed in `mode` (the script's stack_mode).
Type defaultStackType(const std::string &name, StackMode mode);

// A kernel stack asked for in build_id mode, which only user stacks have: the
// newest bpftrace warns (kKernelBuildIdWarning) and prints it raw.
bool isKernelBuildIdStack(const Type &stack);
inline constexpr const char *kKernelBuildIdWarning =
    "'build_id' stack mode can only be used for ustack. Falling back to 'raw' mode.";

// kstack(…)/ustack(…); nullopt after reporting what is wrong.
std::optional<Type> stackCallType(const ast::Call &call, StackMode default_mode,
                                  const ReportError &error);

} // namespace bpfscope
