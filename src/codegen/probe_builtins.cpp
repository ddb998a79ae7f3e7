// arg0…argN, retval and func: read from the context slot the probe's provider
// names (pt_regs registers for kprobes, the u64 argument array for tracing
// programs), or, for func, the probed function's name as a constant (looked
// up by attach cookie in a shared program).
#include "sema/probe_builtins.h"
#include "codegen/program_emitter.h"

namespace bpfscope {

ProgramEmitter::Val ProgramEmitter::emitProbeBuiltin(const ast::Builtin &b) {
  const Provider &provider = *findProvider(unit_->target.provider);
  if (b.name == "func" && unit_->shared())
    return emitTargetName(TargetNameColumn::Func, b.type.size);
  if (b.name == "func")
    return constantString(provider.functionName(unit_->target).value_or(""), b.type.size);
  std::optional<ArgField> slot =
      b.name == "retval" ? provider.returnValue(unit_->target)
                         : provider.positionalArg(unit_->target, *positionalArgIndex(b.name));
  // Sema checked that every target of the probe has the slot.
  return loadContextField(*slot);
}

} // namespace bpfscope
