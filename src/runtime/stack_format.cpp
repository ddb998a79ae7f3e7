#include "runtime/stack_format.h"

#include "runtime/value_format.h"

#include <fmt/format.h>

namespace bpfscope {

namespace {

// Layouts from sema/types.h.
constexpr uint32_t kStackPidOffset = 0;
constexpr uint32_t kStackFramesOffset = 4;
constexpr uint32_t kStackIpsOffset = 8;
constexpr uint32_t kSymbolPidOffset = 8;

std::string frameText(const Type &type, uint32_t pid, uint64_t ip, Symbolizer &symbols) {
  if (type.user_address)
    return symbols.userFrame(pid, ip, true, type.stack_mode == StackMode::Perf);
  return symbols.kernelFrame(ip, true);
}

std::string frameLine(const Type &type, uint32_t pid, uint64_t ip, int indent,
                      Symbolizer &symbols) {
  switch (type.stack_mode) {
  case StackMode::Raw:
    return fmt::format("{:x}\n", ip);
  case StackMode::Perf:
    return fmt::format("\t{:x} {}\n", ip, frameText(type, pid, ip, symbols));
  case StackMode::Bpftrace:
    break;
  }
  return std::string(indent, ' ') + frameText(type, pid, ip, symbols) + "\n";
}

} // namespace

std::string formatStack(const Type &type, const uint8_t *data, int indent, Symbolizer &symbols) {
  auto pid = static_cast<uint32_t>(readInteger(data + kStackPidOffset, 4, false));
  auto frames = static_cast<uint32_t>(readInteger(data + kStackFramesOffset, 4, false));
  std::string text = "\n";
  for (uint32_t i = 0; i < frames && i < type.count; ++i)
    text += frameLine(type, pid, readInteger(data + kStackIpsOffset + 8 * i, 8, false), indent,
                      symbols);
  return text;
}

std::string formatSymbol(const Type &type, const uint8_t *data, Symbolizer &symbols) {
  uint64_t address = readInteger(data, 8, false);
  if (!type.user_address)
    return symbols.kernelFrame(address, false);
  auto pid = static_cast<uint32_t>(readInteger(data + kSymbolPidOffset, 4, false));
  return symbols.userFrame(pid, address, false, false);
}

} // namespace bpfscope
