#include "providers/cpp_symbols.h"

#include <cxxabi.h>
#include <fnmatch.h>

#include <cstdlib>
#include <memory>

namespace bpfscope {
namespace {

// "ns::f(int) const" -> "ns::f": everything before the parameter list that
// closes the name (operator() and templates keep their own parentheses).
std::string withoutParameters(const std::string &demangled) {
  if (demangled.empty() || (demangled.back() != ')' && !demangled.ends_with(" const")))
    return demangled;
  int depth = 0;
  for (size_t i = demangled.rfind(')') + 1; i-- > 0;) {
    if (demangled[i] == ')')
      ++depth;
    else if (demangled[i] == '(' && --depth == 0)
      return demangled.substr(0, i);
  }
  return demangled;
}

} // namespace

std::string demangleSymbol(const std::string &symbol) {
  if (!symbol.starts_with("_Z"))
    return symbol;
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> text(
      abi::__cxa_demangle(symbol.c_str(), nullptr, nullptr, &status), &std::free);
  return status == 0 && text ? std::string(text.get()) : symbol;
}

bool cppNameMatches(const std::string &pattern, const std::string &demangled) {
  return fnmatch(pattern.c_str(), demangled.c_str(), 0) == 0 ||
         fnmatch(pattern.c_str(), withoutParameters(demangled).c_str(), 0) == 0;
}

bool isCppLanguagePart(std::string_view part) {
  return part == "cpp" || part == "c++";
}

} // namespace bpfscope
