// The words that spell an on/off value wherever bpftrace reads one as text:
// named parameters (`--verbose=False`), config switches (`cpp_demangle = 0`)
// and their BPFTRACE_* environment variables. One reader keeps the three
// accepting the same words.
#pragma once

#include <optional>
#include <string_view>

namespace bpfscope {

// true/false in any case, or 1/0; nullopt for anything else.
std::optional<bool> parseBoolWord(std::string_view text);

} // namespace bpfscope
