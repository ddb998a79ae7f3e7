#include "sema/probe_builtins.h"

#include "providers/provider.h"
#include "providers/pt_regs.h"
#include "sema/btf_types.h"
#include "sema/typed_access.h"

#include <algorithm>
#include <charconv>
#include <iterator>

namespace bpfscope {

std::optional<unsigned> positionalArgIndex(const std::string &name) {
  if (name.size() < 4 || name.compare(0, 3, "arg") != 0)
    return std::nullopt;
  unsigned n = 0;
  const char *end = name.data() + name.size();
  auto [ptr, ec] = std::from_chars(name.data() + 3, end, n);
  if (ec != std::errc() || ptr != end)
    return std::nullopt;
  return n;
}

std::string probeType(const ProbeTarget &target) {
  if (target.provider == "BEGIN" || target.provider == "END")
    return "special";
  return target.provider;
}

bool isProbeBuiltin(const std::string &name) {
  return name == "retval" || name == "func" || positionalArgIndex(name).has_value();
}

namespace {

std::optional<ArgField> slotOf(const Provider &p, const ProbeTarget &t, const std::string &name) {
  if (name == "retval")
    return p.returnValue(t);
  return p.positionalArg(t, *positionalArgIndex(name));
}

ProbeBuiltinCheck checkFunc(const std::vector<ProbeTarget> &targets) {
  size_t longest = 0;
  for (const auto &t : targets) {
    auto fn = findProvider(t.provider)->functionName(t);
    if (!fn)
      return {std::nullopt, t.canonical + " probes no function: func is not available", {}};
    longest = std::max(longest, fn->size());
  }
  return {Type::string(static_cast<uint32_t>(longest + 1)), {}, {}};
}

bool isTracingSection(const std::string &section) {
  return section.compare(0, 7, "fentry/") == 0 || section.compare(0, 6, "fexit/") == 0;
}

// Whether programs of `section` can use `what`, and what to say when not.
bool contextAllows(const std::string &what, const std::string &section) {
  if (what == "path")
    return isTracingSection(section) || isIteratorSection(section);
  if (what == "socket_cookie")
    return isTracingSection(section);
  return contextHasRegisters(section);
}

std::string contextHint(const std::string &what) {
  if (what == "socket_cookie")
    return "socket_cookie() calls bpf_get_socket_cookie, which the kernel gives only to "
           "fentry and fexit programs";
  if (what == "path")
    return "path() calls bpf_d_path, which the kernel gives only to iter programs and to "
           "fentry and fexit programs of the functions it allows";
  return what + " reads registers: use it in kprobe, kretprobe, uprobe, uretprobe, usdt, "
                "profile, interval or software probes";
}

// `struct pt_regs *` where the context is one and BTF knows it; else the address as uint64.
Type contextType(const std::vector<ProbeTarget> &targets) {
  for (const auto &t : targets)
    if (!contextIsPtRegs(sectionOf(t)))
      return Type::integer(8, false);
  BtfTypes *btf = BtfTypes::vmlinux();
  std::optional<Type> regs = btf ? btf->find("struct pt_regs") : std::nullopt;
  return regs ? Type::pointerTo(*regs) : Type::integer(8, false);
}

} // namespace

bool isIteratorSection(const std::string &section) {
  return section.compare(0, 5, "iter/") == 0;
}

std::optional<IteratorObject> iteratorObject(const ast::Expr &e) {
  const ast::Expr *at = &e;
  if (auto *u = at->as<ast::Unary>(); u && u->op == ast::UnaryOp::AddressOf)
    at = u->operand.get();
  IteratorObject object;
  // Through structs embedded in the object (ctx.file.f_path has none).
  const ast::FieldAccess *f = at->as<ast::FieldAccess>();
  while (f && f->base->type.isStruct()) {
    object.offset += structOf(f->base->type)->record->find(f->field)->offset;
    f = f->base->as<ast::FieldAccess>();
  }
  if (!f || !f->base->type.isPointer())
    return std::nullopt;
  object.offset += structOf(f->base->type)->record->find(f->field)->offset;
  // The object's pointer, a field of ctx.
  const ast::FieldAccess *pointer = f->base->as<ast::FieldAccess>();
  auto *ctx = pointer ? pointer->base->as<ast::Builtin>() : nullptr;
  if (!ctx || ctx->name != "ctx" || !pointer->type.isPointer())
    return std::nullopt;
  object.context_offset = structOf(ctx->type)->record->find(pointer->field)->offset;
  return object;
}

std::string sectionOf(const ProbeTarget &target) {
  return findProvider(target.provider)->sectionName(target);
}

bool isContextBuiltin(const std::string &name) {
  return name == "ctx" || name == "usermode";
}

bool isContextFunction(const std::string &name) {
  return name == "reg" || name == "socket_cookie" || name == "path";
}

ProbeBuiltinCheck checkContextAccess(const std::string &what,
                                     const std::vector<ProbeTarget> &targets) {
  for (const auto &t : targets)
    if (!contextAllows(what, sectionOf(t)))
      return {std::nullopt, what + " is not available in " + t.canonical, contextHint(what)};
  return {Type::none(), {}, {}};
}

bool isSpecialProbe(const ProbeTarget &target) {
  return probeType(target) == "special";
}

ProbeBuiltinCheck checkContextBuiltin(const std::string &name,
                                      const std::vector<ProbeTarget> &targets) {
  if (name == "ctx")
    return {contextType(targets), {}, {}};
  // BEGIN and END run for the tool's own process, which bpftrace reports as
  // user mode: usermode is 1 there without reading registers.
  std::vector<ProbeTarget> with_registers;
  std::copy_if(targets.begin(), targets.end(), std::back_inserter(with_registers),
               [](const ProbeTarget &t) { return !isSpecialProbe(t); });
  ProbeBuiltinCheck access = checkContextAccess(name, with_registers);
  if (!access.type)
    return access;
  return {Type::integer(1, false), {}, {}};
}

namespace {

std::string registerNames() {
  std::string names;
  for (std::string_view name : ptRegsFieldNames())
    names += (names.empty() ? "" : ", ") + std::string(name);
  return names;
}

Type checkReg(ast::Call &call, const FunctionChecker &c) {
  auto *name = call.args[0]->as<ast::StringLiteral>();
  if (!name) {
    c.error(call.args[0]->span, "reg() needs a register name as a string literal",
            "write reg(\"ip\")");
    return Type::none();
  }
  if (!ptRegsFieldOffset(name->value)) {
    c.error(call.args[0]->span, "'" + name->value + "' is not a register of this machine",
            "x86-64 registers: " + registerNames());
    return Type::none();
  }
  return Type::integer(8, false);
}

bool isStructPath(const Type &t) {
  return t.isStruct() && t.record->name() == "struct path";
}

Type checkPath(ast::Call &call, const FunctionChecker &c, const Type &pointer) {
  uint32_t size = c.max_strlen;
  if (call.args.size() == 2) {
    auto *limit = call.args[1]->as<ast::IntegerLiteral>();
    if (!limit) {
      c.error(call.args[1]->span, "path()'s size must be an integer literal",
              "write path(args.path, 64)");
      return Type::none();
    }
    size = static_cast<uint32_t>(std::min<uint64_t>(limit->value, c.max_strlen));
  }
  if (!pointer.isPointer() && !isStructPath(pointer)) {
    c.error(call.args[0]->span, "path() needs a struct path *, not " + pointer.name(),
            "write path(args.path)");
    return Type::none();
  }
  return Type::string(size);
}

// bpf_d_path checks that an iterator's object is a struct path.
bool checkIteratorPath(const ast::Call &call, const FunctionChecker &c, const Type &arg) {
  const Type *pointee = arg.isPointer() ? arg.pointee() : &arg;
  if (pointee && isStructPath(*pointee) && iteratorObject(*call.args[0]))
    return true;
  c.error(call.args[0]->span,
          "in iter probes path() takes a struct path of an object the iterator's context "
          "points at",
          "write path(ctx.file.f_path)");
  return false;
}

} // namespace

Type checkContextCall(ast::Call &call, const std::vector<ProbeTarget> &targets,
                      const FunctionChecker &c) {
  size_t most = call.name == "path" ? 2 : 1;
  if (call.args.empty() || call.args.size() > most) {
    c.error(call.span, call.name + "() takes " + (most == 2 ? "1 or 2 arguments" : "1 argument"),
            call.name == "reg" ? "write reg(\"ip\")" : "write " + call.name + "(args.sk)");
    return Type::none();
  }
  ProbeBuiltinCheck access = checkContextAccess(call.name, targets);
  if (!access.type) {
    c.error(call.span, access.error, access.hint);
    return Type::none();
  }
  if (call.name == "reg")
    return checkReg(call, c);
  Type arg = c.check(*call.args[0]);
  if (arg.kind == TypeKind::None)
    return arg;
  if (call.name == "path") {
    bool in_iterator = std::any_of(targets.begin(), targets.end(), [](const ProbeTarget &t) {
      return isIteratorSection(sectionOf(t));
    });
    if (in_iterator && !checkIteratorPath(call, c, arg))
      return Type::none();
    return checkPath(call, c, arg);
  }
  if (!arg.isPointer()) {
    c.error(call.args[0]->span, "socket_cookie() needs a struct sock *, not " + arg.name(),
            "write socket_cookie(args.sk)");
    return Type::none();
  }
  return Type::integer(8, false);
}

ProbeBuiltinCheck checkProbeBuiltin(const std::string &name,
                                    const std::vector<ProbeTarget> &targets) {
  if (name == "func")
    return checkFunc(targets);
  std::optional<Type> type;
  for (const auto &t : targets) {
    auto slot = slotOf(*findProvider(t.provider), t, name);
    if (!slot) {
      std::string hint = name == "retval" ? "retval exists in kretprobe, uretprobe and fexit probes"
                                          : "argN exists in kprobe, uprobe, usdt, "
                                            "rawtracepoint, fentry and fexit probes, up to "
                                            "the probe's number of arguments";
      return {std::nullopt, t.canonical + " has no " + name, hint};
    }
    if (type && *type != slot->type) {
      // Integers of several widths (a wildcard over USDT probes whose
      // arguments differ): each program extends its own to 64 bits, so the
      // probe reads an int64, the type bpftrace gives every USDT argument.
      if (!type->isInteger() || !slot->type.isInteger())
        return {std::nullopt, name + " has different types across this probe's attach points", {}};
      type = Type::integer(8, true);
      continue;
    }
    type = slot->type;
  }
  return {type, {}, {}};
}

} // namespace bpfscope
