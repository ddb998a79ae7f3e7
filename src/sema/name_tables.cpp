#include "sema/name_tables.h"

#include <map>
#include <string.h>

namespace bpfscope {
namespace {

struct NumberedText {
  int number;
  const char *text;
};

// Generated at build time from the build machine's kernel headers (cmake/kernel_tables.cmake).
constexpr NumberedText kErrnoMessages[] = {
#include "errno_messages.inc"
};
constexpr NumberedText kSyscallNames[] = {
#include "syscall_names.inc"
};

// bpftrace's tables end at SIGRTMAX.
constexpr int kLastSignal = 64;

template <size_t N>
NameTable fromNumbered(const char *function, const NumberedText (&entries)[N],
                       const char *unknown) {
  NameTable table{function, {}, unknown, false};
  for (const NumberedText &entry : entries) {
    auto at = static_cast<size_t>(entry.number);
    if (table.rows.size() <= at)
      table.rows.resize(at + 1, unknown);
    table.rows[at] = entry.text;
  }
  return table;
}

NameTable errorMessages() {
  NameTable table = fromNumbered("strerror", kErrnoMessages, "Unknown error");
  table.rows.at(0) = "Success";
  table.folds_negative = true;
  return table;
}

NameTable signalDescriptions() {
  NameTable table{"signal_name", {}, "N/A", false};
  for (int sig = 0; sig <= kLastSignal; ++sig)
    table.rows.emplace_back(::strsignal(sig));
  return table;
}

} // namespace

bool isNameFunction(const std::string &name) {
  return name == "strerror" || name == "signal_name" || name == "syscall_name";
}

const NameTable &nameTable(const std::string &function) {
  static const NameTable errors = errorMessages();
  static const NameTable signals = signalDescriptions();
  static const NameTable syscalls = fromNumbered("syscall_name", kSyscallNames, "Unknown syscall");
  if (function == "strerror")
    return errors;
  return function == "signal_name" ? signals : syscalls;
}

std::optional<int64_t> syscallNumber(const std::string &macro) {
  static const std::map<std::string, int64_t> numbers = [] {
    std::map<std::string, int64_t> out;
    for (const NumberedText &entry : kSyscallNames)
      out.emplace(std::string("__NR_") + entry.text, entry.number);
    return out;
  }();
  auto it = numbers.find(macro);
  return it == numbers.end() ? std::nullopt : std::optional<int64_t>(it->second);
}

} // namespace bpfscope
