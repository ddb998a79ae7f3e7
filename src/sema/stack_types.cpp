#include "sema/stack_types.h"

namespace bpfscope {

bool isStackFunction(const std::string &name) {
  return name == "kstack" || name == "ustack";
}

std::optional<StackMode> stackModeNamed(const std::string &name) {
  if (name == "bpftrace")
    return StackMode::Bpftrace;
  if (name == "perf")
    return StackMode::Perf;
  if (name == "raw")
    return StackMode::Raw;
  if (name == "build_id")
    return StackMode::BuildId;
  return std::nullopt;
}

Type defaultStackType(const std::string &name, StackMode mode) {
  return Type::stack(name == "ustack", mode, kDefaultStackFrames);
}

namespace {

std::optional<StackMode> modeArgument(const ast::Expr &arg, const ReportError &error) {
  auto *name = arg.as<ast::Builtin>();
  auto mode = name ? stackModeNamed(name->name) : std::nullopt;
  if (!mode)
    error(arg.span, "a stack mode must be one of bpftrace, perf, raw or build_id",
          "e.g. kstack(perf) or ustack(raw, 10)");
  return mode;
}

std::optional<uint32_t> limitArgument(const ast::Expr &arg, const ReportError &error) {
  auto *literal = arg.as<ast::IntegerLiteral>();
  if (!literal) {
    error(arg.span, "a stack's frame limit must be an integer literal", "e.g. kstack(10)");
    return std::nullopt;
  }
  if (literal->value < 1 || literal->value > kMaxStackFrames) {
    error(arg.span,
          "a stack's frame limit must be between 1 and " + std::to_string(kMaxStackFrames) +
              ", not " + std::to_string(literal->value),
          {});
    return std::nullopt;
  }
  return static_cast<uint32_t>(literal->value);
}

} // namespace

std::optional<Type> stackCallType(const ast::Call &call, StackMode default_mode,
                                  const ReportError &error) {
  const auto &args = call.args;
  if (args.size() > 2) {
    error(call.span, call.name + "() takes at most a mode and a frame limit",
          "write " + call.name + "(perf, 10)");
    return std::nullopt;
  }
  StackMode mode = default_mode;
  uint32_t frames = kDefaultStackFrames;
  size_t next = 0;
  if (next < args.size() && args[next]->as<ast::Builtin>()) {
    auto named = modeArgument(*args[next++], error);
    if (!named)
      return std::nullopt;
    mode = *named;
  }
  if (next < args.size()) {
    auto limit = limitArgument(*args[next++], error);
    if (!limit)
      return std::nullopt;
    frames = *limit;
  }
  if (next < args.size()) {
    error(args[next]->span, "the mode comes before the frame limit",
          "write " + call.name + "(perf, 10)");
    return std::nullopt;
  }
  return Type::stack(call.name == "ustack", mode, frames);
}

bool isKernelBuildIdStack(const Type &stack) {
  return !stack.user_address && stack.stack_mode == StackMode::BuildId;
}

} // namespace bpfscope
