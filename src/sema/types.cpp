#include "sema/types.h"

#include "sema/struct_def.h"

#include <algorithm>

namespace bpfscope {

Type Type::integer(uint32_t bytes, bool is_signed) {
  Type t;
  t.kind = TypeKind::Integer;
  t.size = bytes;
  t.is_signed = is_signed;
  return t;
}

Type Type::boolean() {
  Type t;
  t.kind = TypeKind::Bool;
  t.size = 1;
  return t;
}

Type Type::string(uint32_t bytes) {
  Type t;
  t.kind = TypeKind::String;
  t.size = bytes;
  return t;
}

Type Type::pointer(bool user_address) {
  Type t;
  t.kind = TypeKind::Pointer;
  t.size = 8;
  t.user_address = user_address;
  return t;
}

Type Type::pointerTo(Type pointee, bool user_address) {
  Type t = pointer(user_address);
  t.element = std::make_shared<const Type>(std::move(pointee));
  return t;
}

Type Type::array(Type element, uint32_t count) {
  Type t;
  t.kind = TypeKind::Array;
  t.size = element.size * count;
  t.count = count;
  t.element = std::make_shared<const Type>(std::move(element));
  return t;
}

Type Type::structure(std::shared_ptr<const StructDef> def) {
  Type t;
  t.kind = TypeKind::Struct;
  t.size = def->size();
  t.record = std::move(def);
  return t;
}

Type Type::namedTuple(std::vector<std::string> names, std::vector<Type> elements) {
  Type t = tuple(std::move(elements));
  t.names = std::move(names);
  return t;
}

Type Type::tuple(std::vector<Type> elements) {
  Type t;
  t.kind = TypeKind::Tuple;
  t.elements = std::move(elements);
  uint32_t end = 0;
  auto offsets = t.elementOffsets();
  for (size_t i = 0; i < t.elements.size(); ++i)
    end = offsets[i] + t.elements[i].size;
  uint32_t align = t.alignment();
  t.size = (end + align - 1) / align * align;
  return t;
}

Type Type::aggregate(TypeKind kind, bool is_signed) {
  Type t;
  t.kind = kind;
  t.is_signed = is_signed;
  switch (kind) {
  case TypeKind::Min:
  case TypeKind::Max:
  case TypeKind::Avg:
  case TypeKind::Stats:
    t.size = 16;
    break;
  case TypeKind::TSeries:
    t.size = 24;
    break;
  default:
    t.size = 8;
  }
  return t;
}

Type Type::hist(uint32_t bits) {
  Type t = aggregate(TypeKind::Hist);
  t.hist_bits = bits;
  return t;
}

Type Type::tseries(uint64_t interval_ns, uint64_t intervals, TSeriesAgg agg, bool is_signed) {
  Type t = aggregate(TypeKind::TSeries, is_signed);
  t.tseries_interval_ns = interval_ns;
  t.tseries_intervals = intervals;
  t.tseries_agg = agg;
  return t;
}

Type Type::lhist(int64_t min, int64_t max, int64_t step) {
  Type t = aggregate(TypeKind::LHist);
  t.lhist_min = min;
  t.lhist_max = max;
  t.lhist_step = step;
  return t;
}

Type Type::buffer(uint32_t capacity) {
  Type t;
  t.kind = TypeKind::Buffer;
  t.size = kBufferHeaderSize + capacity;
  return t;
}

Type Type::inet() {
  Type t;
  t.kind = TypeKind::Inet;
  t.size = 24;
  return t;
}

Type Type::macAddress() {
  Type t;
  t.kind = TypeKind::MacAddr;
  t.size = 6;
  return t;
}

uint32_t stackFrameSize(StackMode mode) {
  // struct bpf_stack_build_id: status, a 20-byte build id, then the offset (or address).
  return mode == StackMode::BuildId ? 32 : 8;
}

Type Type::stack(bool user, StackMode mode, uint32_t frames) {
  Type t;
  t.kind = TypeKind::Stack;
  t.user_address = user;
  t.stack_mode = mode;
  t.count = frames;
  t.size = 8 + stackFrameSize(mode) * frames;
  return t;
}

Type Type::symbol(bool user) {
  Type t;
  t.kind = TypeKind::Symbol;
  t.user_address = user;
  t.size = 16;
  return t;
}

Type Type::timestamp(std::string format) {
  Type t;
  t.kind = TypeKind::Timestamp;
  t.size = 8;
  t.time_format = std::move(format);
  return t;
}

Type Type::userName() {
  Type t;
  t.kind = TypeKind::UserName;
  t.size = 8;
  return t;
}

Type Type::cgroupPath(std::string filter) {
  Type t;
  t.kind = TypeKind::CgroupPath;
  t.size = 8;
  t.cgroup_filter = std::move(filter);
  return t;
}

uint32_t Type::alignment() const {
  switch (kind) {
  case TypeKind::String:
  case TypeKind::Bool:
  case TypeKind::MacAddr:
    return 1;
  case TypeKind::Buffer:
    return 4;
  case TypeKind::Tuple: {
    uint32_t a = 1;
    for (const auto &e : elements)
      a = std::max(a, e.alignment());
    return a;
  }
  case TypeKind::Integer:
    return size ? size : 1;
  case TypeKind::Struct:
    return record->alignment();
  case TypeKind::Array:
    return element->alignment();
  default:
    return 8;
  }
}

std::vector<uint32_t> Type::elementOffsets() const {
  std::vector<uint32_t> offsets;
  uint32_t at = 0;
  for (const auto &e : elements) {
    uint32_t a = e.alignment();
    at = (at + a - 1) / a * a;
    offsets.push_back(at);
    at += e.size;
  }
  return offsets;
}

std::vector<size_t> matchingElements(const Type &a, const Type &b) {
  std::vector<size_t> at;
  for (size_t i = 0; i < a.elements.size(); ++i) {
    if (!a.isRecord()) {
      at.push_back(i);
      continue;
    }
    auto named = std::find(b.names.begin(), b.names.end(), a.names[i]);
    at.push_back(static_cast<size_t>(named - b.names.begin()));
  }
  return at;
}

std::string Type::name() const {
  switch (kind) {
  case TypeKind::None:
    return "none";
  case TypeKind::Integer:
    if (enumeration)
      return enumeration->name();
    return (is_signed ? "int" : "uint") + std::to_string(size * 8);
  case TypeKind::Bool:
    return "bool";
  case TypeKind::String:
    return "string[" + std::to_string(size) + "]";
  case TypeKind::Pointer:
    return element ? element->name() + " *" : "void *";
  case TypeKind::Struct:
    return record->name();
  case TypeKind::Array:
    return element->name() + "[" + std::to_string(count) + "]";
  case TypeKind::Tuple: {
    std::string s = "(";
    for (size_t i = 0; i < elements.size(); ++i)
      s += (i ? "," : "") + (names.empty() ? "" : names[i] + "=") + elements[i].name();
    return s + ")";
  }
  case TypeKind::Buffer:
    return "buffer[" + std::to_string(size - kBufferHeaderSize) + "]";
  case TypeKind::Inet:
    return "inet";
  case TypeKind::MacAddr:
    return "macaddr_t";
  case TypeKind::Count:
    return "count_t";
  case TypeKind::Sum:
    return "sum_t";
  case TypeKind::Min:
    return "min_t";
  case TypeKind::Max:
    return "max_t";
  case TypeKind::Avg:
    return "avg_t";
  case TypeKind::Stats:
    return "stats_t";
  case TypeKind::Hist:
    return "hist_t";
  case TypeKind::LHist:
    return "lhist_t";
  case TypeKind::TSeries:
    return "tseries_t";
  case TypeKind::Stack:
    return user_address ? "ustack" : "kstack";
  case TypeKind::Symbol:
    return user_address ? "usym_t" : "ksym_t";
  case TypeKind::Timestamp:
    return "timestamp";
  case TypeKind::UserName:
    return "username";
  case TypeKind::CgroupPath:
    return "cgroup_path_t";
  }
  return "?";
}

namespace {

bool sameElement(const std::shared_ptr<const Type> &a, const std::shared_ptr<const Type> &b) {
  if (!a || !b)
    return a == b;
  return *a == *b;
}

// Structs and enums are equal when they have the same name: a self-referencing
// struct (task_struct's real_parent) must not be compared field by field.
template <typename Def>
bool sameDefinition(const std::shared_ptr<const Def> &a, const std::shared_ptr<const Def> &b) {
  if (!a || !b)
    return a == b;
  return a == b || a->name() == b->name();
}

} // namespace

bool Type::operator==(const Type &o) const {
  return kind == o.kind && size == o.size && is_signed == o.is_signed &&
         user_address == o.user_address && elements == o.elements && names == o.names &&
         count == o.count && stack_mode == o.stack_mode && time_format == o.time_format &&
         cgroup_filter == o.cgroup_filter && sameElement(element, o.element) &&
         sameDefinition(record, o.record) && sameDefinition(enumeration, o.enumeration) &&
         lhist_min == o.lhist_min && lhist_max == o.lhist_max && lhist_step == o.lhist_step &&
         hist_bits == o.hist_bits && tseries_interval_ns == o.tseries_interval_ns &&
         tseries_intervals == o.tseries_intervals && tseries_agg == o.tseries_agg;
}

} // namespace bpfscope
