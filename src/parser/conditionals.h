// The C preprocessor's conditionals in a script's preamble, as bpftrace's
// tools use them: `#ifndef BPFTRACE_HAVE_BTF … #else … #endif`. Conditions
// are `defined(NAME)`, `defined NAME`, `!` of either, or an integer;
// BPFTRACE_HAVE_BTF is defined (types come from BTF), and so is each
// `#define` of an active region.
#pragma once

#include "parser/diagnostics.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

class PreprocessorConditionals {
public:
  // Handles #if, #ifdef, #ifndef, #elif, #else and #endif (`directive` is the
  // text after '#'); false for any other directive.
  bool handle(std::string_view directive, Span span, Diagnostics &diags);
  // Whether the text here is compiled (not in a false branch).
  bool active() const;
  void define(const std::string &name) { defined_.insert(name); }
  // Reports a conditional still open at the end of the script.
  void finish(Diagnostics &diags) const;

private:
  struct Open {
    Span span;
    bool enclosing_active; // whether the text around the conditional is compiled
    bool active;           // whether the current branch is compiled
    bool taken;            // whether some branch so far was
  };
  bool evaluate(std::string_view condition, Span span, Diagnostics &diags) const;
  std::optional<bool> definedTest(std::string_view condition) const;
  static std::optional<bool> integerTest(std::string_view condition);

  std::vector<Open> open_;
  std::set<std::string, std::less<>> defined_ = {"BPFTRACE_HAVE_BTF"};
};

} // namespace bpfscope
