#include "parser/binary_path_kinds.h"

#include <algorithm>
#include <iterator>

namespace bpfscope {

bool probeKindTakesBinaryPath(std::string_view kind) {
  static constexpr std::string_view kKinds[] = {"uprobe", "u", "uretprobe", "ur", "usdt", "U"};
  return std::find(std::begin(kKinds), std::end(kKinds), kind) != std::end(kKinds);
}

} // namespace bpfscope
