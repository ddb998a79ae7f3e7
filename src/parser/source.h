// A script's text and the mapping from byte offsets to lines and columns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// A half-open byte range [begin, end) into one SourceFile.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  static Span cover(Span a, Span b) {
    return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
};

struct LineColumn {
  int line = 1;   // 1-based
  int column = 1; // 1-based, in bytes
};

class SourceFile {
public:
  // `name` is what diagnostics print: the script's path, or "stdin" for -e and -.
  SourceFile(std::string name, std::string text);

  const std::string &name() const { return name_; }
  const std::string &text() const { return text_; }
  std::string_view slice(Span span) const;

  LineColumn locate(uint32_t offset) const;
  // The text of a 1-based line, without its newline.
  std::string_view lineText(int line) const;

private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

} // namespace bpfscope
