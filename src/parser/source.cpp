#include "parser/source.h"

#include <algorithm>

namespace bpfscope {

SourceFile::SourceFile(std::string name, std::string text) : text_(std::move(text)) {
  files_.push_back({std::move(name), 0, 0});
  line_starts_.push_back(0);
  indexLines(0);
}

void SourceFile::indexLines(uint32_t from) {
  for (uint32_t i = from; i < text_.size(); ++i)
    if (text_[i] == '\n')
      line_starts_.push_back(i + 1);
}

uint32_t SourceFile::append(std::string name, std::string_view text) {
  if (!text_.empty() && text_.back() != '\n') {
    text_ += '\n';
    line_starts_.push_back(static_cast<uint32_t>(text_.size()));
  }
  auto begin = static_cast<uint32_t>(text_.size());
  files_.push_back({std::move(name), begin, static_cast<int>(line_starts_.size()) - 1});
  text_ += text;
  indexLines(begin);
  return begin;
}

std::string_view SourceFile::slice(Span span) const {
  uint32_t begin = std::min<uint32_t>(span.begin, text_.size());
  uint32_t end = std::clamp<uint32_t>(span.end, begin, text_.size());
  return std::string_view(text_).substr(begin, end - begin);
}

LineColumn SourceFile::locate(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  int line = static_cast<int>(it - line_starts_.begin());
  return {line, static_cast<int>(offset - line_starts_[line - 1]) + 1};
}

std::string_view SourceFile::lineText(int line) const {
  if (line < 1 || line > static_cast<int>(line_starts_.size()))
    return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < static_cast<int>(line_starts_.size()) ? line_starts_[line] - 1
                                                              : static_cast<uint32_t>(text_.size());
  return std::string_view(text_).substr(begin, end - begin);
}

const SourceFile::File &SourceFile::fileHolding(uint32_t offset) const {
  auto it = std::upper_bound(files_.begin(), files_.end(), offset,
                             [](uint32_t at, const File &file) { return at < file.begin; });
  return *(it - 1);
}

const std::string &SourceFile::fileAt(uint32_t offset) const {
  return fileHolding(offset).name;
}

LineColumn SourceFile::locateInFile(uint32_t offset) const {
  LineColumn at = locate(offset);
  at.line -= fileHolding(offset).first_line;
  return at;
}

} // namespace bpfscope
