// printf in a pinned iterator and debugf(): the kernel formats the text
// itself (bpf_seq_printf into the file a reader of the pin gets,
// bpf_trace_vprintk into the trace pipe), so only what the kernel's formatter
// knows can be printed: %d %i %u %x %X %c and %s, with the flags - + 0 and
// space and a width, and at most 12 arguments.
#pragma once

#include "sema/types.h"

#include <string>
#include <vector>

namespace bpfscope {

// The most arguments bpf_seq_printf takes (the kernel's MAX_BPRINTF_VARARGS).
constexpr size_t kMaxSeqPrintfArgs = 12;

// "" when the kernel can format `format` with arguments of `arg_types`, else
// why not, the message starting with `caller` ("debugf").
std::string seqPrintfProblem(const std::string &caller, const std::string &format,
                             const std::vector<Type> &arg_types);

// `format` as the kernel's formatter reads it: each integer conversion takes
// a 64-bit argument (ll), a literal '%' is "%%".
std::string kernelSeqFormat(const std::string &format);

} // namespace bpfscope
