// Finds the file a uprobe or USDT attach point names, the way a user means
// it: a path is taken as written; `libc` or `libc.so.6` is a shared library
// found like the dynamic linker finds it (ld.so.cache, then the standard
// library directories); any other bare name is a program on $PATH.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// The path to attach to; nullopt when nothing matches, with *error set
// unless `error` is null.
std::optional<std::string> resolveBinaryPath(const std::string &name, std::string *error);

// Whether BINARY is a path pattern (usdt:/usr/bin/python3*:*): a path
// holding a wildcard, which names every file it matches.
bool isBinaryPattern(const std::string &binary);

// The binaries a listing's BINARY names: every regular file a path pattern
// matches, in name order; else BINARY itself.
std::vector<std::string> listedBinaries(const std::string &binary);

// The library a bare `name` ("libc", "c", "libc.so.6") stands for, from the
// given ld.so.cache contents (the new "glibc-ld.so.cache1.1" format).
std::optional<std::string> findInLdSoCache(std::string_view cache, std::string_view name);

} // namespace bpfscope
