// The types of bpfscope values, as sema assigns them and as codegen and the
// runtime lay them out in BPF memory. Layouts are fixed here so that the
// kernel side (codegen) and the user side (runtime read-out, output) agree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bpfscope {

class StructDef; // sema/struct_def.h
class EnumDef;   // sema/struct_def.h

// How a stack prints: `bpftrace` (sym+off per line), `perf` (address, sym+off
// and module, perf script's layout), `raw` (addresses only) or `build_id`
// (user stacks only: each frame's binary as its build id and the offset in it).
enum class StackMode { Bpftrace, Perf, Raw, BuildId };

// Bytes one captured frame takes in a Stack value: an address, or for
// build_id a struct bpf_stack_build_id.
uint32_t stackFrameSize(StackMode mode);

enum class TypeKind {
  None,    // no value (statements, printf, exit)
  Integer, // 1, 2, 4 or 8 bytes, signed or not
  Bool,    // 1 byte, printed true/false
  String,  // fixed-size NUL-padded char array of `size` bytes
  Tuple,   // elements laid out like a C struct (natural alignment); a record names them
  Pointer, // 8-byte address; `element` is the pointee when known (null: untyped, `void *`)
  Struct,  // a C struct or union (BTF or the script's preamble): `record`
  Array,   // `count` elements of `element`, contiguous
  // Values built by functions and formatted in user space:
  //   Buffer:  buf(): {uint32 length; uint8 data[size - 4]}, printed with %r/%rx/%rh.
  //   Inet:    ntop(): {int64 family; uint8 address[16]}, printed as IPv4/IPv6 text.
  //   MacAddr: macaddr(): uint8[6], printed as XX:XX:XX:XX:XX:XX.
  Buffer,
  Inet,
  MacAddr,
  // A call stack captured in the probe (kstack, ustack), symbolized in user
  // space: {uint32 pid; uint32 frames; uint64 ip[count]}. Unused ips are 0.
  // In build_id mode each frame is a struct bpf_stack_build_id instead of an ip.
  Stack,
  // An address symbolized in user space (ksym, usym): {uint64 address; uint64 pid}.
  Symbol,
  // strftime(FORMAT, NSECS): uint64 boot-clock nanoseconds, printed as wall-clock time.
  Timestamp,
  // username: a uint64 user id, printed as the user's name.
  UserName,
  // cgroup_path(ID[, FILTER]): a uint64 cgroup id, printed as the cgroup's
  // path in each mounted hierarchy whose name matches the filter.
  CgroupPath,
  // Map value kinds produced by aggregation functions. Their layout:
  //   Count, Sum: one 8-byte integer per CPU, summed at read-out.
  //   Min, Max:   {int64 value; uint64 valid} per CPU, combined at read-out.
  //   Avg, Stats: {int64 total; uint64 count} per CPU, summed at read-out.
  //   Hist, LHist: the map key is the user key followed by a uint64 bucket
  //                index (the bucket index alone for a map without keys);
  //                the value is one 8-byte count per CPU.
  //   TSeries: the map key is the user key followed by a uint64 bucket index
  //            (interval number % intervals); the value, per CPU, is
  //            {int64 value; uint64 meta; uint64 interval number}, meta being the
  //            time of the update (no agg), the count (avg) or a valid flag (min/max).
  Count,
  Sum,
  Min,
  Max,
  Avg,
  Stats,
  Hist,
  LHist,
  TSeries,
};

// How tseries() combines the values of one interval: keeps the last (Last) or
// aggregates them (its fourth argument: "avg", "max", "min", "sum").
enum class TSeriesAgg { Last, Avg, Max, Min, Sum };

// A Buffer's length field, before its bytes.
inline constexpr uint32_t kBufferHeaderSize = 4;

struct Type {
  TypeKind kind = TypeKind::None;
  uint32_t size = 0; // bytes occupied in BPF memory
  bool is_signed = false;
  // Integer element of a tuple made from a constant ≥ 0 (or from tuples
  // whose element was only that): it counts as unsigned next to an unsigned
  // element when two tuples meet (sema/tuple_types.h), as a constant does.
  // Not part of the type's identity: operator== and name() ignore it.
  bool sign_flexible = false;
  // Pointer: into user memory (read with the _user helpers); Stack, Symbol: of user space.
  bool user_address = false;
  std::vector<Type> elements;          // Tuple members
  std::vector<std::string> names;      // Tuple: member names of a record; empty for a plain tuple
  std::shared_ptr<const Type> element; // Pointer: pointee; Array: element type
  uint32_t count = 0;                  // Array: number of elements; Stack: most frames kept
  StackMode stack_mode = StackMode::Bpftrace; // Stack only
  std::string time_format;                    // Timestamp: the strftime format
  std::string cgroup_filter;                  // CgroupPath: the hierarchies to look in
  std::shared_ptr<const StructDef> record;    // Struct: name, size and fields
  std::shared_ptr<const EnumDef> enumeration; // Integer of a C enum: its named values
  // LHist parameters, fixed at compile time.
  int64_t lhist_min = 0, lhist_max = 0, lhist_step = 0;
  // Hist: each power of two is split into 2^hist_bits linear buckets (hist(n, k)).
  uint32_t hist_bits = 0;
  // TSeries parameters, fixed at compile time; is_signed is the value's.
  uint64_t tseries_interval_ns = 0, tseries_intervals = 0;
  TSeriesAgg tseries_agg = TSeriesAgg::Last;

  static Type none() { return {}; }
  static Type integer(uint32_t bytes, bool is_signed);
  static Type boolean();
  static Type string(uint32_t bytes);
  static Type pointer(bool user_address = false);
  static Type pointerTo(Type pointee, bool user_address = false);
  static Type array(Type element, uint32_t count);
  static Type structure(std::shared_ptr<const StructDef> def);
  static Type tuple(std::vector<Type> elements);
  static Type namedTuple(std::vector<std::string> names, std::vector<Type> elements);
  static Type aggregate(TypeKind kind, bool is_signed = true);
  static Type lhist(int64_t min, int64_t max, int64_t step);
  static Type hist(uint32_t bits);
  static Type tseries(uint64_t interval_ns, uint64_t intervals, TSeriesAgg agg, bool is_signed);
  static Type buffer(uint32_t capacity);
  static Type inet();
  static Type macAddress();
  static Type stack(bool user, StackMode mode, uint32_t frames);
  static Type symbol(bool user);
  static Type timestamp(std::string format);
  static Type userName();
  static Type cgroupPath(std::string filter);

  bool isInteger() const { return kind == TypeKind::Integer; }
  bool isString() const { return kind == TypeKind::String; }
  bool isPointer() const { return kind == TypeKind::Pointer; }
  bool isStruct() const { return kind == TypeKind::Struct; }
  bool isArray() const { return kind == TypeKind::Array; }
  bool isRecord() const { return kind == TypeKind::Tuple && !names.empty(); }
  // A one-byte integer: char (int8) or uint8.
  bool isByte() const { return kind == TypeKind::Integer && size == 1; }
  // An array of bytes (char[N], uint8[N]), of exactly `n` of them when n is not 0.
  bool isByteArray(uint32_t n = 0) const {
    return isArray() && element && element->isByte() && (n == 0 || count == n);
  }
  // Held in memory during codegen (not in a 64-bit register).
  bool isInMemory() const {
    return kind == TypeKind::String || kind == TypeKind::Tuple || kind == TypeKind::Struct ||
           kind == TypeKind::Array || kind == TypeKind::Buffer || kind == TypeKind::Inet ||
           kind == TypeKind::MacAddr || kind == TypeKind::Stack || kind == TypeKind::Symbol;
  }
  // A pointer whose pointee is known (and is not void).
  const Type *pointee() const { return kind == TypeKind::Pointer ? element.get() : nullptr; }
  bool isAggregate() const { return kind >= TypeKind::Count; }
  // Hist and LHist store one map entry per bucket.
  bool isBucketed() const { return kind == TypeKind::Hist || kind == TypeKind::LHist; }
  // The BPF map key ends with a uint64 bucket index: Hist, LHist and TSeries.
  bool isKeyedByBucket() const { return isBucketed() || kind == TypeKind::TSeries; }
  // Aggregations live in per-CPU maps.
  bool isPerCpu() const { return isAggregate(); }

  uint32_t alignment() const;
  // Byte offset of each Tuple element, C struct rules.
  std::vector<uint32_t> elementOffsets() const;

  // The script-facing spelling: "int64", "uint32", "string[16]", "count_t",
  // "struct task_struct *", "int32[4]", "(int64,string[4])", …
  std::string name() const;

  bool operator==(const Type &o) const;
  bool operator!=(const Type &o) const { return !(*this == o); }
};

// Where each element of tuple `a` lies in tuple `b`: at the same position, or
// for a record at the field of the same name (b.elements.size() when `b` has
// no field of that name).
std::vector<size_t> matchingElements(const Type &a, const Type &b);

} // namespace bpfscope
