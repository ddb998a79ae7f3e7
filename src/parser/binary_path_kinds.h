// The probe kinds whose second part names a binary (`uprobe:bin/app:main`).
// The lexer needs the list to read a relative path with a '/' in it as part
// of the attach point rather than the start of a predicate; it cannot ask the
// providers, which come after it. Each provider states the same fact
// (Provider::takesBinaryPath) and a unit test keeps the two in step.
#pragma once

#include <string_view>

namespace bpfscope {

// `kind` as written in a script, aliases included (`u`, `ur`, `U`).
bool probeKindTakesBinaryPath(std::string_view kind);

} // namespace bpfscope
