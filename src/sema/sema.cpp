// The semantic pass: macros, config and positional parameters substituted,
// probes expanded into their targets, the checking passes run (analyzer.h),
// and their result gathered into a CheckedProgram.
#include "sema/sema.h"

#include "parser/macros.h"
#include "parser/quoted_split.h"
#include "parser/suggest.h"
#include "sema/analyzer.h"
#include "sema/builtin_calls.h"
#include "sema/config_builtin.h"
#include "sema/positional_params.h"
#include "sema/stack_types.h"

#include <cctype>
#include <linux/bpf.h>
#include <set>

namespace bpfscope::sema_detail {
namespace {

// The BPF map type a map declaration (`let @m = lruhash(10);`) names, and
// whether it holds per-CPU values (aggregations).
struct DeclaredMapKind {
  const char *name;
  uint32_t bpf_type;
  bool per_cpu;
};

constexpr DeclaredMapKind kDeclaredMapKinds[] = {
    {"hash", BPF_MAP_TYPE_HASH, false},
    {"lruhash", BPF_MAP_TYPE_LRU_HASH, false},
    {"percpuhash", BPF_MAP_TYPE_PERCPU_HASH, true},
    {"percpulruhash", BPF_MAP_TYPE_LRU_PERCPU_HASH, true},
};

const DeclaredMapKind *declaredMapKind(const std::string &name) {
  for (const DeclaredMapKind &kind : kDeclaredMapKinds)
    if (name == kind.name)
      return &kind;
  return nullptr;
}

std::string programName(const ProbeTarget &target, size_t index) {
  std::string name;
  for (char c : target.canonical)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name + "_" + std::to_string(index);
}

} // namespace

Type widened(const Type &t) {
  if (t.kind == TypeKind::Integer) {
    Type wide = Type::integer(8, t.is_signed);
    wide.enumeration = t.enumeration;
    return wide;
  }
  if (t.kind == TypeKind::Pointer)
    return Type::integer(8, false);
  return t;
}

bool isIntegral(const Type &t) {
  return t.kind == TypeKind::Integer || t.kind == TypeKind::Bool;
}

bool isAggregateFunction(const std::string &name) {
  static const std::set<std::string> names = {"count", "sum",  "min",   "max",    "avg",
                                              "stats", "hist", "lhist", "tseries"};
  return names.count(name) > 0;
}

std::optional<CheckedProgram> Analyzer::run(std::unique_ptr<Program> owned) {
  if (!expandMacros(program_, real_diags_))
    return std::nullopt;
  config_ = resolveConfig(program_.config, options_.config_environment, real_diags_);
  if (config_.all.count("max_strlen"))
    options_.max_strlen = config_.max_strlen;
  substitutePositionalParams(program_, options_.positional_args, real_diags_);
  rewriteBuiltinCalls(program_);
  substituteConfigBuiltin(program_, config_.all);
  diags_ = &real_diags_;
  types_.define(program_, options_.max_strlen, reporter());
  checkMapDeclarations();
  expandProbes();
  if (real_diags_.hasErrors())
    return std::nullopt;
  // Maps may be read before (in text order) the statement that assigns
  // them; a few silent passes learn their types before the reporting one.
  for (int pass = 0; pass < 3; ++pass) {
    Diagnostics scratch(real_diags_.source());
    checkAll(scratch, /*final=*/false);
  }
  checkAll(real_diags_, /*final=*/true);
  checkDeclaredMapTypes();
  if (real_diags_.hasErrors())
    return std::nullopt;
  return finish(std::move(owned));
}

void Analyzer::checkMapDeclarations() {
  for (const MapDeclaration &decl : program_.map_declarations) {
    if (!declaredMapKind(decl.kind)) {
      real_diags_.error(decl.kind_span, "unknown map type '" + decl.kind + "'",
                        "use one of hash, lruhash, percpuhash or percpulruhash");
    } else if (decl.max_entries == 0 || decl.max_entries > UINT32_MAX) {
      real_diags_.error(decl.span, "a map's maximum number of entries must be at least 1");
    } else if (!declared_maps_.emplace(decl.name, &decl).second) {
      real_diags_.error(decl.span, "map " + decl.name + " is declared twice");
    }
  }
}

void Analyzer::checkDeclaredMapTypes() {
  for (const auto &[name, decl] : declared_maps_) {
    auto state = maps_.find(name);
    if (state == maps_.end() || !state->second.value) {
      real_diags_.warning(decl->span, "map " + name + " is declared but never assigned");
      continue;
    }
    bool per_cpu = state->second.value->isPerCpu();
    if (declaredMapKind(decl->kind)->per_cpu != per_cpu)
      real_diags_.error(decl->kind_span,
                        name + " holds " + state->second.value->name() + ", which needs a " +
                            (per_cpu ? "per-CPU" : "non-per-CPU") + " map, not " + decl->kind,
                        per_cpu ? "declare it percpuhash or percpulruhash"
                                : "declare it hash or lruhash");
  }
}

void Analyzer::expandProbes() {
  for (auto &probe : program_.probes) {
    std::vector<ProbeTarget> targets;
    for (const auto &ap : probe.attach_points) {
      // provider and parts: "tracepoint:syscalls:sys_enter_read"
      auto parts = attachPointParts(ap.text);
      std::string kind = parts.front();
      parts.erase(parts.begin());
      const Provider *p = findProvider(kind);
      if (!p) {
        std::vector<std::string> names;
        for (const Provider *known : allProviders())
          names.emplace_back(known->name());
        std::string hint = didYouMean(kind, names);
        real_diags_.error(ap.span, "unknown probe type '" + kind + "'",
                          hint.empty() ? "list the probes with: bpfscope -l" : hint);
        continue;
      }
      for (auto &t : expandAttachPoint(*p, ap, parts))
        targets.push_back(std::move(t));
    }
    probe_targets_.push_back(std::move(targets));
  }
  probe_uses_.resize(program_.probes.size());
  checkIteratorsStandAlone();
}

std::vector<ProbeTarget> Analyzer::expandAttachPoint(const Provider &p, const AttachPoint &ap,
                                                     const std::vector<std::string> &parts) {
  auto expand = [&](Diagnostics &diags) {
    return options_.target_pid
               ? p.expandForProcess(ap, parts, static_cast<int>(options_.target_pid), diags)
               : p.expand(ap, parts, diags);
  };
  auto policy = config_.all.find("missing_probes");
  if (policy == config_.all.end() || policy->second == "error")
    return expand(real_diags_);
  Diagnostics found(real_diags_.source());
  std::vector<ProbeTarget> targets = expand(found);
  bool skipped = targets.empty() && found.hasErrors();
  for (const Diagnostic &d : found.all()) {
    if (skipped && d.severity == Severity::Error && policy->second == "ignore")
      continue;
    bool as_error = d.severity == Severity::Error && !skipped;
    std::string message = d.message + (skipped && d.severity == Severity::Error
                                           ? " (missing_probes = warn: skipping the probe)"
                                           : "");
    if (as_error)
      d.span ? real_diags_.error(*d.span, message, d.hint) : real_diags_.error(message, d.hint);
    else
      d.span ? real_diags_.warning(*d.span, message, d.hint) : real_diags_.warning(message, d.hint);
  }
  return targets;
}

void Analyzer::checkIteratorsStandAlone() {
  const Probe *iterator = nullptr;
  bool attaches = false;
  for (size_t i = 0; i < program_.probes.size(); ++i)
    for (const auto &target : probe_targets_[i]) {
      Trigger trigger = findProvider(target.provider)->trigger();
      if (trigger == Trigger::Iterate && !iterator)
        iterator = &program_.probes[i];
      attaches = attaches || trigger == Trigger::Attach || trigger == Trigger::OnSignal;
    }
  if (iterator && attaches)
    real_diags_.error(iterator->attach_points.front().span,
                      "iter probes cannot be combined with probes that wait for events",
                      "run the iterator in a script of its own (BEGIN and END may stay)");
}

void Analyzer::checkAll(Diagnostics &diags, bool final) {
  diags_ = &diags;
  final_ = final;
  printfs_.clear();
  for (size_t i = 0; i < program_.probes.size(); ++i) {
    uses_ = &probe_uses_[i];
    checkProbe(i, program_.probes[i], probe_targets_[i]);
  }
}

void Analyzer::checkProbe(size_t index, Probe &probe, const std::vector<ProbeTarget> &targets) {
  targets_ = &targets;
  scopes_.reset(index);
  loop_depth_ = 0;
  map_loop_depth_ = 0;
  if (probe.predicate) {
    Type t = check(*probe.predicate);
    if (t.kind != TypeKind::None && !isTruthy(t))
      error(probe.predicate->span, "predicate must be an integer or a boolean, not " + t.name());
  }
  checkBlock(probe.body);
  scopes_.resolveUses();
}

FunctionChecker Analyzer::functionChecker() {
  return {[this](Expr &e) { return check(e); }, reporter(), options_.max_strlen};
}

ReportError Analyzer::reporter() {
  return [this](Span span, std::string message, std::string hint) {
    error(span, std::move(message), std::move(hint));
  };
}

Type Analyzer::stackIn(Span span, const Type &stack) {
  if (!isKernelBuildIdStack(stack))
    return stack;
  warning(span, kKernelBuildIdWarning);
  return Type::stack(false, StackMode::Raw, stack.count);
}

StackMode Analyzer::stackMode() const {
  auto it = config_.all.find("stack_mode");
  return it == config_.all.end() ? StackMode::Bpftrace
                                 : stackModeNamed(it->second).value_or(StackMode::Bpftrace);
}

bool Analyzer::isCtx(const Expr &e) {
  auto *builtin = e.as<Builtin>();
  return builtin && builtin->name == "ctx";
}

Type Analyzer::readableAggregate(const Type &t) {
  return Type::integer(8, t.kind != TypeKind::Count && t.is_signed);
}

bool Analyzer::isReadableAggregate(const Type &t) {
  return t.kind == TypeKind::Count || t.kind == TypeKind::Sum || t.kind == TypeKind::Min ||
         t.kind == TypeKind::Max || t.kind == TypeKind::Avg;
}

bool Analyzer::isIncDec(UnaryOp op) {
  return op == UnaryOp::PreInc || op == UnaryOp::PreDec || op == UnaryOp::PostInc ||
         op == UnaryOp::PostDec;
}

bool Analyzer::isDecrement(UnaryOp op) {
  return op == UnaryOp::PreDec || op == UnaryOp::PostDec;
}

bool Analyzer::isTruthy(const Type &t) {
  return isIntegral(t) || t.kind == TypeKind::Pointer;
}

bool Analyzer::isIntegralOrReported(const Type &t) {
  return isIntegral(t) || t.kind == TypeKind::None;
}

bool Analyzer::isNumeric(const Type &t) {
  return isTruthy(t);
}

bool Analyzer::isZeroLiteral(const Expr &e) {
  auto *lit = e.as<IntegerLiteral>();
  return lit && lit->value == 0;
}

void Analyzer::error(Span span, std::string message, std::string hint) {
  diags_->error(span, std::move(message), std::move(hint));
}

void Analyzer::warning(Span span, std::string message, std::string hint) {
  if (final_)
    diags_->warning(span, std::move(message), std::move(hint));
}

std::optional<CheckedProgram> Analyzer::finish(std::unique_ptr<Program> owned) {
  CheckedProgram out;
  out.max_strlen = options_.max_strlen;
  out.child_pid = options_.child_pid;
  out.target_pid = options_.target_pid;
  out.pid_namespace = options_.pid_namespace;
  out.helper_checks = options_.helper_checks;
  out.config = config_.all;
  for (const auto &[name, state] : maps_) {
    if (!state.value)
      continue;
    MapInfo info;
    info.name = name;
    info.key_types = state.keys.value_or(std::vector<Type>{});
    info.value = *state.value;
    info.key = storedMapKey(info.key_types, info.value);
    info.max_entries = config_.max_map_keys;
    if (auto decl = declared_maps_.find(name); decl != declared_maps_.end()) {
      info.bpf_map_type = declaredMapKind(decl->second->kind)->bpf_type;
      info.max_entries = static_cast<uint32_t>(decl->second->max_entries);
    }
    out.maps.push_back(std::move(info));
  }
  out.printfs = std::move(printfs_);
  for (size_t i = 0; i < program_.probes.size(); ++i)
    for (auto &group : groupSharedTargets(probe_targets_[i], probe_uses_[i]))
      addUnit(out, program_.probes[i], std::move(group));
  out.ast = std::move(owned);
  return out;
}

void Analyzer::addUnit(CheckedProgram &out, const Probe &probe, std::vector<ProbeTarget> targets) {
  ProgramUnit unit{&probe, targets.front(), programName(targets.front(), out.units.size()),
                   std::move(targets), 0};
  if (unit.shared()) {
    unit.first_cookie = static_cast<uint32_t>(out.target_names.rows.size());
    for (const auto &t : unit.targets)
      out.target_names.rows.push_back(
          {t.canonical, findProvider(t.provider)->functionName(t).value_or("")});
  }
  out.units.push_back(std::move(unit));
}

} // namespace bpfscope::sema_detail

namespace bpfscope {

using sema_detail::Analyzer;

std::optional<CheckedProgram> analyze(std::unique_ptr<ast::Program> program, Diagnostics &diags,
                                      const SemaOptions &options) {
  Analyzer analyzer(*program, diags, options);
  return analyzer.run(std::move(program));
}

} // namespace bpfscope
