// Parses a tracefs event `format` file into the typed fields of `args`.
#pragma once

#include "providers/provider.h"

#include <string_view>

namespace bpfscope {

// `user_pointers`: pointer fields point into user memory (syscall arguments).
ArgsLayout parseTracepointFormat(std::string_view format_text, bool user_pointers);

} // namespace bpfscope
