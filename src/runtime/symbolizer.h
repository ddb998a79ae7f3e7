// Addresses to the text bpftrace prints for them: "name+offset" (stack frames),
// "name" (ksym/usym), the address in hex when no symbol holds it, and, for
// user frames in perf mode, the object's path (" (/usr/lib/libc.so.6)") or
// " ([unknown])".
#pragma once

#include "runtime/kernel_symbols.h"
#include "runtime/user_symbols.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace bpfscope {

class Symbolizer {
public:
  // `kernel` is called on the first kernel address only: reading kallsyms costs tens of ms.
  Symbolizer(std::function<const KernelSymbols &()> kernel, UserSymbols user);

  // The machine's symbols, shared by everything this process prints.
  static Symbolizer &process();

  std::string kernelFrame(uint64_t address, bool with_offset);
  std::string userFrame(uint32_t pid, uint64_t address, bool with_offset, bool with_module);

  // cpp_demangle: user symbols print demangled (`f(int)+4`, not
  // `_Z1fi+4`), as in bpftrace, unless the script switches it off.
  void setDemangle(bool on) { demangle_ = on; }

private:
  // `name` demangled, each name once: a profile prints the same frames often.
  const std::string &demangled(const std::string &name);

  std::function<const KernelSymbols &()> kernel_;
  UserSymbols user_;
  bool demangle_ = true;
  std::unordered_map<std::string, std::string> demangled_;
};

} // namespace bpfscope
