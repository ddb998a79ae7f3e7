// Parses a tracefs event `format` file into the typed fields of `args`.
#pragma once

#include "providers/provider.h"

#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// `user_pointers`: pointer fields point into user memory (syscall arguments).
// A pointer to a struct, union or integer is typed from its C declaration
// (`struct __kernel_timespec * rqtp`), the struct through kernel BTF; other
// pointers are untyped.
ArgsLayout parseTracepointFormat(std::string_view format_text, bool user_pointers);

// The event's own fields as the format file declares them ("const char *
// filename", "char prev_comm[16]"), without the common_ fields every event
// shares: what -lv prints under a tracepoint.
std::vector<std::string> tracepointFieldDeclarations(std::string_view format_text);

// A pointer the kernel spells `c_type` ("struct sock *", "const char *"):
// typed when it points to an integer or a struct or union of the kernel's
// BTF, else void *.
Type pointerFieldType(const std::string &c_type, bool user_pointer);

} // namespace bpfscope
