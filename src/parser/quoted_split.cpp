#include "parser/quoted_split.h"

namespace bpfscope {

std::vector<std::string> splitOutsideQuotes(const std::string &text, char separator) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (char c : text) {
    if (c == '"')
      quoted = !quoted;
    if (c == separator && !quoted)
      parts.emplace_back();
    else
      parts.back() += c;
  }
  return parts;
}

} // namespace bpfscope
