// Finds the file a uprobe or USDT attach point names, the way a user means
// it: a path is taken as written; `libc` or `libc.so.6` is a shared library
// found like the dynamic linker finds it (ld.so.cache, then the standard
// library directories); any other bare name is a program on $PATH.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bpfscope {

// The path to attach to; nullopt with *error set when nothing matches.
std::optional<std::string> resolveBinaryPath(const std::string &name, std::string *error);

// The library a bare `name` ("libc", "c", "libc.so.6") stands for, from the
// given ld.so.cache contents (the new "glibc-ld.so.cache1.1" format).
std::optional<std::string> findInLdSoCache(std::string_view cache, std::string_view name);

} // namespace bpfscope
