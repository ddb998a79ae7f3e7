#include "sema/bool_words.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace bpfscope {

std::optional<bool> parseBoolWord(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "1")
    return true;
  if (lower == "false" || lower == "0")
    return false;
  return std::nullopt;
}

} // namespace bpfscope
