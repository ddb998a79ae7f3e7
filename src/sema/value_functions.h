// The typing of functions that compute a value from their arguments alone:
// strings (strncmp, strcontains, strlen, strstr, globmatch), bytes (bswap,
// buf, macaddr, memcmp), addresses (kptr, uptr, is_err, ntop, pton), the names of numbers
// (strerror, signal_name, syscall_name: sema/name_tables.h) and cgroups
// (cgroupid, cgroup_path). Map functions stay with the map state in sema.cpp.
#pragma once

#include "parser/ast.h"
#include "sema/typed_access.h"
#include "sema/types.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

// What the analyzer lends these checks.
struct FunctionChecker {
  std::function<Type(ast::Expr &)> check; // types an argument (and reports its errors)
  ReportError error;
  uint32_t max_strlen = 1024;
};

bool isValueFunction(const std::string &name);
// nsecs(clock), pid(namespace), tid(namespace): builtins given a mode by name.
bool isModeFunction(const std::string &name);
std::vector<std::string> modesOf(const std::string &function);
// has_key, find, len and delete: functions of a map, typed in sema.cpp.
bool isMapFunction(const std::string &name);
const std::vector<std::string> &valueFunctionNames();

// The call's type, or none after reporting why it is wrong.
Type checkValueFunction(ast::Call &call, const FunctionChecker &checker);

// pton()'s bytes for an IPv4 ("1.2.3.4", 4 bytes) or IPv6 address (16 bytes);
// nullopt when the text is neither.
std::optional<std::vector<uint8_t>> addressBytes(const std::string &text);

// globmatch()'s pattern text (a string literal, or str() of one); nullopt
// when it is known only at run time.
std::optional<std::string> globPatternText(const ast::Expr &pattern);

// cgroupid("PATH")'s value (sema checked that the path has one).
uint64_t cgroupIdConstant(const std::string &path);

// Address families as ntop() stores them (Linux's AF_INET and AF_INET6).
inline constexpr int64_t kAddressFamilyIPv4 = 2;
inline constexpr int64_t kAddressFamilyIPv6 = 10;

} // namespace bpfscope
