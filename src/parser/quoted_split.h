// Splitting attach-point text at a separator that double quotes protect:
// uprobe:BIN:cpp:"ns::f" keeps its "::", and a listing pattern's quoted C++
// name keeps its commas.
#pragma once

#include <string>
#include <vector>

namespace bpfscope {

// The pieces between separators, quotes and escapes kept as written.
std::vector<std::string> splitOutsideQuotes(const std::string &text, char separator);

// An attach point's ':'-separated parts as bpftrace reads them: double quotes
// protect ':' and are dropped, and inside them a backslash takes the next
// character as it is, so usdt:bin:test:"\"probe1\"" names the probe "probe1"
// with its quotes.
std::vector<std::string> attachPointParts(const std::string &text);

} // namespace bpfscope
