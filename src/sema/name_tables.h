// The texts strerror(), signal_name() and syscall_name() return: real
// strings (string[64], as in bpftrace), looked up in the BPF program from a
// constant table, so that they compare with ==, key maps and print with %s.
//   strerror(e)      the kernel's message for errno e (or -e), from the
//                    comments of the build machine's asm-generic/errno*.h,
//                    the words of the newest bpftrace's table
//   signal_name(s)   strsignal(3) of signals 0..64 ("Killed", "Real-time
//                    signal 0"), as bpftrace's table holds them
//   syscall_name(nr) the x86-64 name of syscall nr, from the build machine's
//                    asm/unistd_64.h (and unistd_x32.h from 512 up)
// Numbers past a table, or in one of its holes, give its `unknown` text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

// Each text fits in kNameSize bytes with its NUL.
inline constexpr uint32_t kNameSize = 64;

struct NameTable {
  std::string function;          // "strerror", ...: also the table's name in the object
  std::vector<std::string> rows; // row i: the text for number i (holes hold `unknown`)
  std::string unknown;
  bool folds_negative = false; // strerror(-EPERM) is strerror(EPERM)
};

bool isNameFunction(const std::string &name);
// The table of strerror, signal_name or syscall_name.
const NameTable &nameTable(const std::string &function);

// __NR_read and the like: the syscall numbers of <sys/syscall.h>.
std::optional<int64_t> syscallNumber(const std::string &macro);

} // namespace bpfscope
