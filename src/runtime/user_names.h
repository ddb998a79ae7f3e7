// `username`: a user id printed as the name /etc/passwd gives it, as bpftrace
// does (an empty string for an id without an entry).
#pragma once

#include <cstdint>
#include <istream>
#include <string>

namespace bpfscope {

// The name of `uid` in passwd-format text ("name:x:uid:gid:…" lines); "" when absent.
std::string userNameIn(std::istream &passwd, uint32_t uid);

// The name of `uid` in /etc/passwd.
std::string userNameOf(uint32_t uid);

} // namespace bpfscope
