#include "codegen/source_map.h"

#include <algorithm>

namespace bpfscope {

void SourceMap::record(Span span) {
  spans_.emplace(span.begin, span);
}

std::optional<Span> SourceMap::locate(const std::vector<uint8_t> &object,
                                      const std::string &function, uint64_t instruction,
                                      const SourceFile &source) const {
  auto at = instructionLine(object, function, instruction);
  if (!at)
    return std::nullopt;
  return spanAt(*at, source);
}

std::optional<Span> SourceMap::spanAt(LineColumn at, const SourceFile &source) const {
  std::string_view line = source.lineText(at.line);
  if (line.data() == nullptr || at.column < 1)
    return std::nullopt;
  size_t column = std::min<size_t>(static_cast<size_t>(at.column) - 1, line.size());
  auto offset = static_cast<uint32_t>(line.data() - source.text().data() + column);
  auto it = spans_.find(offset);
  if (it != spans_.end())
    return it->second;
  return Span{offset, offset + 1};
}

} // namespace bpfscope
