#include "providers/usdt_notes.h"

#include <cstring>

namespace bpfscope {
namespace {

constexpr uint32_t kStapsdtNoteType = 3;

uint64_t readAddress(const std::string &desc, size_t at) {
  uint64_t value = 0;
  std::memcpy(&value, desc.data() + at, sizeof value);
  return value;
}

// The descriptor: pc, .stapsdt.base as linked, semaphore (8 bytes each), then
// provider, name and argument specs as NUL-terminated strings.
std::optional<UsdtProbe> decodeNote(const std::string &desc, std::optional<uint64_t> actual_base) {
  constexpr size_t kAddresses = 3 * sizeof(uint64_t);
  if (desc.size() <= kAddresses)
    return std::nullopt;
  UsdtProbe probe;
  probe.address = readAddress(desc, 0);
  uint64_t noted_base = readAddress(desc, 8);
  probe.semaphore = readAddress(desc, 16);
  std::string_view strings(desc.data() + kAddresses, desc.size() - kAddresses);
  std::string *fields[] = {&probe.provider, &probe.name, &probe.arguments};
  for (std::string *field : fields) {
    size_t end = strings.find('\0');
    *field = std::string(strings.substr(0, end));
    strings = end == std::string_view::npos ? std::string_view() : strings.substr(end + 1);
  }
  if (probe.provider.empty() || probe.name.empty())
    return std::nullopt;
  if (actual_base && noted_base) {
    uint64_t bias = *actual_base - noted_base;
    probe.address += bias;
    if (probe.semaphore)
      probe.semaphore += bias;
  }
  return probe;
}

} // namespace

std::vector<UsdtProbe> usdtProbes(const ElfImage &image) {
  std::vector<UsdtProbe> probes;
  auto base = image.sectionAddress(".stapsdt.base");
  for (const ElfNote &note : image.notes()) {
    if (note.owner != "stapsdt" || note.type != kStapsdtNoteType)
      continue;
    if (auto probe = decodeNote(note.desc, base))
      probes.push_back(std::move(*probe));
  }
  return probes;
}

} // namespace bpfscope
