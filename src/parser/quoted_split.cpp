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

std::vector<std::string> attachPointParts(const std::string &text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"')
      quoted = !quoted;
    else if (c == ':' && !quoted)
      parts.emplace_back();
    else if (quoted && c == '\\' && i + 1 < text.size())
      parts.back() += text[++i];
    else
      parts.back() += c;
  }
  return parts;
}

} // namespace bpfscope
