// A script's text and the mapping from byte offsets to lines and columns.
//
// Imported scripts are appended to the importing script's SourceFile, each
// on lines of its own, so one span type addresses every file of a program:
// diagnostics name the file a span falls in and count lines within it.
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

  // The script's own name, and the text of it and of every file appended to it.
  const std::string &name() const { return files_.front().name; }
  const std::string &text() const { return text_; }
  std::string_view slice(Span span) const;

  // Appends an imported file; returns the offset where its text starts.
  // Spans into the text before it stay valid.
  uint32_t append(std::string name, std::string_view text);

  // Lines counted over the whole text, as codegen's debug locations are.
  LineColumn locate(uint32_t offset) const;
  // The text of a 1-based line of the whole text, without its newline.
  std::string_view lineText(int line) const;

  // The name of the file that holds `offset`, and the line within that file.
  const std::string &fileAt(uint32_t offset) const;
  LineColumn locateInFile(uint32_t offset) const;

private:
  struct File {
    std::string name;
    uint32_t begin;
    int first_line; // 0-based index of its first line in line_starts_
  };
  const File &fileHolding(uint32_t offset) const;
  void indexLines(uint32_t from);

  std::string text_;
  std::vector<uint32_t> line_starts_;
  std::vector<File> files_;
};

} // namespace bpfscope
