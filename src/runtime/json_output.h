// The JSON output (-f json): one object per line, bpftrace's schema:
//   {"type": "printf", "data": "text"}            also "time", "cat", "join", "syscall"
//   {"type": "map", "data": {"@m": 1}}            keyed: {"@m": {"k1,k2": 1}}
//   {"type": "hist", "data": {"@h": [{"min": 4, "max": 7, "count": 1}]}}
//       (hist and lhist; the bucket below the range has no "min", above it no "max")
//   {"type": "stats", "data": {"@s": {"count": 1, "average": 4, "total": 4}}}  avg: a number
//   {"type": "value", "data": [1,"a"]}            print(value)
//   {"type": "attached_probes", "count": 2, "data": {"probes": 2}}
//   {"type": "lost_events", "count": 3, "data": {"events": 3}}
//   {"type": "helper_error", "msg": …, "helper": …, "retcode": …, "filename": …, "line": …, "col":
//   …}
//   {"type": "test_result", "data": {"NAME": {"duration": ns, "passed": true, "output": "…"}}}
// ("count" is the newest bpftrace's field, "data" 0.17's; both are given.)
// Integers a double cannot hold exactly are written as strings, as the newest bpftrace does.
#pragma once

#include "runtime/map_snapshot.h"
#include "sema/program.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// A JSON string literal, quotes included.
std::string jsonString(std::string_view text);

// One value in `type`'s layout; kinds JSON has no form for become their text as a string.
std::string jsonValue(const Type &type, const uint8_t *data, uint64_t div = 1);

// The whole line (without its newline) for print(@m, top, div) or a map printed at exit.
std::string jsonMap(const MapInfo &map, std::vector<MapEntry> entries, uint64_t top, uint64_t div);

} // namespace bpfscope
