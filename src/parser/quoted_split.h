// Splitting attach-point text at a separator that double quotes protect:
// uprobe:BIN:cpp:"ns::f" keeps its "::", and a listing pattern's quoted C++
// name keeps its commas.
#pragma once

#include <string>
#include <vector>

namespace bpfscope {

std::vector<std::string> splitOutsideQuotes(const std::string &text, char separator);

} // namespace bpfscope
