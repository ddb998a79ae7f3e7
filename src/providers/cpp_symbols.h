// C++ function names for uprobe:BINARY:cpp:NAME (also c++:): symbols are
// matched by their demangled form, so users write `ns::Class::f` or
// `"ns::f(int)"` instead of `_ZN2ns5Class1fEv`.
#pragma once

#include <string>
#include <string_view>

namespace bpfscope {

// The demangled form of a mangled C++ symbol; the symbol itself when it is
// not one (a C function).
std::string demangleSymbol(const std::string &symbol);

// Whether `pattern` (a glob) names the demangled function: matched against
// the whole name ("f(int)") or the name without its parameter list ("f"), so
// `ns::f` matches every overload of ns::f.
bool cppNameMatches(const std::string &pattern, const std::string &demangled);

// Whether an attach point part selects C++ names.
bool isCppLanguagePart(std::string_view part);

} // namespace bpfscope
