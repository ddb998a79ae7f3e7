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
  case StackMode::BuildId: // formatted by buildIdFrameLine
    return fmt::format("{:x}\n", ip);
  case StackMode::Perf:
    return fmt::format("\t{:x} {}\n", ip, frameText(type, pid, ip, symbols));
  case StackMode::Bpftrace:
    break;
  }
  return std::string(indent, ' ') + frameText(type, pid, ip, symbols) + "\n";
}

// struct bpf_stack_build_id: {int32 status; uint8 build_id[20]; uint64 offset or ip}.
constexpr uint32_t kBuildIdBytes = 20;
constexpr uint32_t kBuildIdOffsetOffset = 24;
constexpr int32_t kBuildIdValid = 1; // BPF_STACK_BUILD_ID_VALID

// A build_id frame as the newest bpftrace prints it: the build id in hex and
// the offset in the binary, or the bare address when the kernel found no
// build id (no indentation in either case).
std::string buildIdFrameLine(const uint8_t *frame) {
  uint64_t offset_or_ip = readInteger(frame + kBuildIdOffsetOffset, 8, false);
  if (static_cast<int32_t>(readInteger(frame, 4, true)) != kBuildIdValid)
    return fmt::format("{:x}\n", offset_or_ip);
  std::string line;
  for (uint32_t i = 0; i < kBuildIdBytes; ++i)
    line += fmt::format("{:02x}", frame[4 + i]);
  return line + fmt::format(" 0x{:02x}\n", offset_or_ip);
}

} // namespace

std::string formatStack(const Type &type, const uint8_t *data, int indent, Symbolizer &symbols) {
  auto pid = static_cast<uint32_t>(readInteger(data + kStackPidOffset, 4, false));
  auto frames = static_cast<uint32_t>(readInteger(data + kStackFramesOffset, 4, false));
  std::string text = "\n";
  if (type.stack_mode == StackMode::BuildId) {
    for (uint32_t i = 0; i < frames && i < type.count; ++i)
      text += buildIdFrameLine(data + kStackIpsOffset + stackFrameSize(type.stack_mode) * i);
    return text;
  }
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
