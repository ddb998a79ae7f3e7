#include "sema/value_functions.h"

#include "runtime/cgroups.h"
#include "sema/constant_value.h"
#include "sema/glob_pattern.h"
#include "sema/name_tables.h"
#include "sema/struct_def.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <map>

namespace bpfscope {
namespace {

using namespace ast;

// How many arguments each function takes, and how it is written.
struct Signature {
  size_t min_args;
  size_t max_args;
  const char *usage;
};

const std::map<std::string, Signature> &signatures() {
  static const std::map<std::string, Signature> table = {
      {"strncmp", {3, 3, "strncmp(\"a\", \"b\", 3)"}},
      {"strcontains", {2, 2, "strcontains(haystack, \"needle\")"}},
      {"strlen", {1, 1, "strlen(str(arg0))"}},
      {"strstr", {2, 2, "strstr(haystack, \"needle\")"}},
      {"globmatch", {2, 2, "globmatch(comm, \"ba*\")"}},
      {"memcmp", {3, 3, "memcmp($a, \"abc\", 3)"}},
      {"bswap", {1, 1, "bswap((uint32)$x)"}},
      {"buf", {1, 2, "buf(arg0, 16)"}},
      {"kptr", {1, 1, "kptr(arg0)"}},
      {"uptr", {1, 1, "uptr(arg0)"}},
      {"is_err", {1, 1, "is_err(retval)"}},
      {"ntop", {1, 2, "ntop(args.daddr) or ntop(AF_INET, $addr)"}},
      {"pton", {1, 1, "pton(\"127.0.0.1\")"}},
      {"macaddr", {1, 1, "macaddr($header->h_source)"}},
      {"strerror", {1, 1, "strerror(-retval)"}},
      {"signal_name", {1, 1, "signal_name(args.sig)"}},
      {"syscall_name", {1, 1, "syscall_name(args.id)"}},
      {"nsecs", {1, 1, "nsecs(monotonic), nsecs(boot), nsecs(tai) or nsecs(sw_tai)"}},
      {"pid", {1, 1, "pid(curr_ns) or pid(init)"}},
      {"tid", {1, 1, "tid(curr_ns) or tid(init)"}},
      {"cgroupid", {1, 1, "cgroupid(\"/sys/fs/cgroup/unified/system.slice\")"}},
      {"cgroup_path", {1, 2, "cgroup_path(cgroup) or cgroup_path(cgroup, \"unified\")"}},
  };
  return table;
}

bool isIntegral(const Type &t) {
  return t.kind == TypeKind::Integer || t.kind == TypeKind::Bool;
}

bool isAddress(const Type &t) {
  return t.isInteger() || t.isPointer();
}

std::string argumentList(const Signature &s) {
  if (s.min_args == s.max_args)
    return std::to_string(s.min_args) + " argument" + (s.min_args == 1 ? "" : "s");
  return std::to_string(s.min_args) + " or " + std::to_string(s.max_args) + " arguments";
}

class ValueFunction {
public:
  ValueFunction(Call &call, const FunctionChecker &checker) : call_(call), c_(checker) {}

  Type check() {
    const Signature &sig = signatures().at(call_.name);
    if (call_.args.size() < sig.min_args || call_.args.size() > sig.max_args) {
      c_.error(call_.span,
               call_.name + "() takes " + argumentList(sig) + ", got " +
                   std::to_string(call_.args.size()),
               std::string("write ") + sig.usage);
      return Type::none();
    }
    if (isModeFunction(call_.name))
      return checkMode();
    for (auto &arg : call_.args)
      if (c_.check(*arg).kind == TypeKind::None)
        return Type::none(); // the argument's own error says why
    return checkTyped();
  }

private:
  const Type &arg(size_t i) const { return call_.args[i]->type; }

  Type checkTyped() {
    const std::string &f = call_.name;
    readStringsAtPointers();
    if (f == "strncmp")
      return checkStrncmp();
    if (f == "strcontains" || f == "strstr" || f == "strlen")
      return checkStringSearch();
    if (f == "globmatch")
      return checkGlobmatch();
    if (f == "memcmp")
      return checkMemcmp();
    if (f == "bswap")
      return checkBswap();
    if (f == "buf")
      return checkBuf();
    if (f == "kptr" || f == "uptr")
      return checkAddressSpace();
    if (f == "is_err")
      return require(0, isAddress(arg(0)), "a pointer") ? Type::boolean() : Type::none();
    if (f == "ntop")
      return checkNtop();
    if (f == "pton")
      return checkPton();
    if (f == "macaddr")
      return checkMacaddr();
    if (f == "cgroupid")
      return checkCgroupId();
    if (f == "cgroup_path")
      return checkCgroupPath();
    // strerror, signal_name, syscall_name
    return require(0, isIntegral(arg(0)), "an integer") ? Type::string(kNameSize) : Type::none();
  }

  // nsecs(clock), pid(namespace), tid(namespace): the argument is a name.
  Type checkMode() {
    auto *mode = call_.args[0]->as<Builtin>();
    std::vector<std::string> allowed = modesOf(call_.name);
    if (!mode || std::find(allowed.begin(), allowed.end(), mode->name) == allowed.end()) {
      c_.error(call_.args[0]->span, call_.name + "() takes one of: " + joined(allowed),
               std::string("write ") + signatures().at(call_.name).usage);
      return Type::none();
    }
    return call_.name == "nsecs" ? Type::integer(8, false) : Type::integer(4, false);
  }

  static std::string joined(const std::vector<std::string> &names) {
    std::string out;
    for (const std::string &name : names)
      out += (out.empty() ? "" : ", ") + name;
    return out;
  }

  // strlen, strstr, strcontains and globmatch take a char pointer as the
  // newest bpftrace does: the string it points at, up to max_strlen, as
  // str(p) reads it.
  void readStringsAtPointers() {
    const std::string &f = call_.name;
    size_t strings = 0; // how many leading arguments are strings
    if (f == "strstr" || f == "strcontains")
      strings = 2;
    else if (f == "strlen" || f == "globmatch")
      strings = 1;
    for (size_t i = 0; i < strings; ++i) {
      const Type *pointee = arg(i).pointee();
      if (!pointee || !pointee->isInteger() || pointee->size != 1)
        continue;
      Span span = call_.args[i]->span;
      auto read = std::make_unique<Call>(span, "str", span);
      read->args.push_back(std::move(call_.args[i]));
      read->type = Type::string(c_.max_strlen);
      call_.args[i] = std::move(read);
    }
  }

  // Reports that argument `i` is not `wanted` unless `ok`.
  bool require(size_t i, bool ok, const std::string &wanted) {
    if (!ok)
      c_.error(call_.args[i]->span,
               call_.name + "() needs " + wanted + " here, not " + arg(i).name(),
               std::string("write ") + signatures().at(call_.name).usage);
    return ok;
  }

  bool requireStrings(size_t count) {
    for (size_t i = 0; i < count; ++i)
      if (!require(i, arg(i).isString(), "a string"))
        return false;
    return true;
  }

  Type checkStrncmp() {
    if (!requireStrings(2))
      return Type::none();
    if (!call_.args[2]->as<IntegerLiteral>()) {
      c_.error(call_.args[2]->span, "strncmp()'s length must be an integer literal",
               "write strncmp(a, b, 3)");
      return Type::none();
    }
    return Type::integer(8, true);
  }

  Type checkStringSearch() {
    if (!requireStrings(call_.args.size()))
      return Type::none();
    if (call_.name == "strcontains")
      return Type::boolean();
    return Type::integer(8, call_.name == "strstr");
  }

  // The pattern is compiled into the program, so it must be known now.
  Type checkGlobmatch() {
    if (!requireStrings(1))
      return Type::none();
    std::optional<std::string> pattern = globPatternText(*call_.args[1]);
    if (!pattern) {
      c_.error(call_.args[1]->span, "globmatch()'s pattern must be a string literal",
               "write globmatch(comm, \"ba*\")");
      return Type::none();
    }
    if (parseGlob(*pattern).size() > kMaxGlobTokens) {
      c_.error(call_.args[1]->span,
               "globmatch()'s pattern has more than " + std::to_string(kMaxGlobTokens) +
                   " characters, wildcards and classes",
               "shorten the pattern");
      return Type::none();
    }
    return Type::boolean();
  }

  // memcmp(a, b, n): n must fit both values' bytes when it is known now.
  Type checkMemcmp() {
    for (size_t i = 0; i < 2; ++i)
      if (!require(i, arg(i).isString() || arg(i).isArray(), "a string or an array"))
        return Type::none();
    if (!require(2, isIntegral(arg(2)), "an integer count"))
      return Type::none();
    uint32_t smaller = std::min(arg(0).size, arg(1).size);
    std::optional<int64_t> count = constantValue(*call_.args[2]);
    if (count && (*count < 0 || static_cast<uint64_t>(*count) > smaller)) {
      c_.error(call_.args[2]->span,
               "memcmp() cannot compare " + std::to_string(*count) + " bytes of values of " +
                   std::to_string(arg(0).size) + " and " + std::to_string(arg(1).size) + " bytes",
               "compare at most " + std::to_string(smaller) + " bytes");
      return Type::none();
    }
    return Type::integer(8, true);
  }

  Type checkBswap() {
    if (!require(0, arg(0).isInteger(), "an integer"))
      return Type::none();
    return Type::integer(arg(0).size, false);
  }

  // buf(p, n) reads n bytes at p; buf(array[, n]) copies an array's (or a
  // string's) bytes. A string shorter than a literal n is padded with NULs to
  // n bytes, as bpftrace pads buf("ok_key", 8).
  Type checkBuf() {
    bool array = arg(0).isArray() || arg(0).isString();
    if (!require(0, array || isAddress(arg(0)), "a pointer or an array"))
      return Type::none();
    uint32_t capacity = array ? arg(0).size : c_.max_strlen;
    if (call_.args.size() == 1) {
      if (array)
        return Type::buffer(capacity);
      c_.error(call_.span, "buf() of a pointer needs a length", "write buf(arg0, 16)");
      return Type::none();
    }
    if (!require(1, isIntegral(arg(1)), "an integer length"))
      return Type::none();
    if (auto *lit = call_.args[1]->as<IntegerLiteral>()) {
      uint32_t limit = arg(0).isString() ? c_.max_strlen : capacity;
      capacity = static_cast<uint32_t>(std::min<uint64_t>(lit->value, limit));
    }
    return Type::buffer(capacity);
  }

  Type checkAddressSpace() {
    if (!require(0, isAddress(arg(0)), "a pointer"))
      return Type::none();
    Type t = arg(0).isPointer() ? arg(0) : Type::pointer();
    t.user_address = call_.name == "uptr";
    return t;
  }

  Type checkNtop() {
    size_t address = call_.args.size() - 1;
    if (address == 1 && !require(0, isIntegral(arg(0)), "an address family such as AF_INET"))
      return Type::none();
    const Type &t = arg(address);
    // BTF's byte arrays (in6_u.u6_addr8) are typed as strings, as in bpftrace.
    bool sized = t.size == 4 || t.size == 16;
    bool ok = t.isInteger() || t.isByteArray(4) || t.isByteArray(16) || (t.isString() && sized);
    if (!require(address, ok, "an integer or a 4- or 16-byte array"))
      return Type::none();
    return Type::inet();
  }

  Type checkPton() {
    auto *text = call_.args[0]->as<StringLiteral>();
    if (!text) {
      c_.error(call_.args[0]->span, "pton() needs a string literal", "write pton(\"127.0.0.1\")");
      return Type::none();
    }
    auto bytes = addressBytes(text->value);
    if (!bytes) {
      c_.error(call_.args[0]->span, "'" + text->value + "' is not an IPv4 or IPv6 address",
               "write e.g. pton(\"10.0.0.1\") or pton(\"::1\")");
      return Type::none();
    }
    return Type::array(Type::integer(1, false), static_cast<uint32_t>(bytes->size()));
  }

  Type checkMacaddr() {
    const Type &t = arg(0);
    bool ok = ((t.isByteArray() || t.isString()) && t.size >= 6) || isAddress(t);
    if (!require(0, ok, "a 6-byte array or a pointer to one"))
      return Type::none();
    return Type::macAddress();
  }

  // Evaluated now: the id of the cgroup at a path.
  Type checkCgroupId() {
    auto *path = call_.args[0]->as<StringLiteral>();
    if (!path) {
      c_.error(call_.args[0]->span, "cgroupid() needs a path as a string literal",
               std::string("write ") + signatures().at(call_.name).usage);
      return Type::none();
    }
    std::string why;
    if (!cgroupIdOf(path->value, why)) {
      c_.error(call_.args[0]->span, "cgroupid(): '" + path->value + "' has no cgroup id: " + why,
               "name a directory of the cgroup2 hierarchy (its mount point is in /proc/mounts)");
      return Type::none();
    }
    return Type::integer(8, false);
  }

  Type checkCgroupPath() {
    if (!require(0, isIntegral(arg(0)), "a cgroup id"))
      return Type::none();
    std::string filter;
    if (call_.args.size() == 2) {
      auto *glob = call_.args[1]->as<StringLiteral>();
      if (!glob) {
        c_.error(call_.args[1]->span, "cgroup_path()'s filter must be a string literal",
                 std::string("write ") + signatures().at(call_.name).usage);
        return Type::none();
      }
      filter = glob->value;
    }
    return Type::cgroupPath(filter);
  }

  Call &call_;
  const FunctionChecker &c_;
};

} // namespace

bool isValueFunction(const std::string &name) {
  return signatures().count(name) > 0;
}

bool isModeFunction(const std::string &name) {
  return name == "nsecs" || name == "pid" || name == "tid";
}

std::vector<std::string> modesOf(const std::string &function) {
  if (function == "nsecs")
    return {"monotonic", "boot", "tai", "sw_tai"};
  return {"curr_ns", "init"};
}

bool isMapFunction(const std::string &name) {
  return name == "delete" || name == "has_key" || name == "find" || name == "len";
}

const std::vector<std::string> &valueFunctionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto &[name, sig] : signatures())
      out.push_back(name);
    return out;
  }();
  return names;
}

Type checkValueFunction(Call &call, const FunctionChecker &checker) {
  return ValueFunction(call, checker).check();
}

uint64_t cgroupIdConstant(const std::string &path) {
  std::string why;
  return cgroupIdOf(path, why).value_or(0);
}

std::optional<std::string> globPatternText(const Expr &pattern) {
  if (auto *text = pattern.as<StringLiteral>())
    return text->value;
  // str($1): a positional parameter is a literal by now.
  auto *call = pattern.as<Call>();
  if (call && call->name == "str" && call->args.size() == 1)
    if (auto *text = call->args[0]->as<StringLiteral>())
      return text->value;
  return std::nullopt;
}

std::optional<std::vector<uint8_t>> addressBytes(const std::string &text) {
  uint8_t bytes[16];
  if (inet_pton(AF_INET, text.c_str(), bytes) == 1)
    return std::vector<uint8_t>(bytes, bytes + 4);
  if (inet_pton(AF_INET6, text.c_str(), bytes) == 1)
    return std::vector<uint8_t>(bytes, bytes + 16);
  return std::nullopt;
}

} // namespace bpfscope
