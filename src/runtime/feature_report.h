// `--info`: what this kernel and this build offer, in the sections of
// bpftrace's --info (system, build, kernel helpers, kernel features, map
// types, probe kinds). Each helper and map type is probed by loading a tiny
// program or creating a map, as libbpf's feature probes do; needs root.
#pragma once

#include <ostream>

namespace bpfscope {

void printFeatureReport(std::ostream &out);

} // namespace bpfscope
