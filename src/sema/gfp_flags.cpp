#include "sema/gfp_flags.h"

#include "sema/btf_types.h"

#include <cstdio>
#include <utility>
#include <vector>

namespace bpfscope {
namespace {

using FlagTable = std::vector<std::pair<const char *, uint64_t>>;

// __GFP_IO's mask from the enum constant ___GFP_IO_BIT; 0 when this kernel has no such flag.
uint64_t flagMask(BtfTypes *btf, const std::string &name) {
  if (!btf)
    return 0;
  std::optional<int64_t> bit = btf->enumConstant("_" + name + "_BIT");
  return bit && *bit >= 0 && *bit < 64 ? uint64_t{1} << *bit : 0;
}

// The kernel's gfpflag_names order (include/trace/events/mmflags.h): the
// combinations before their parts, so that the widest name wins.
FlagTable buildTable() {
  BtfTypes *btf = BtfTypes::vmlinux();
  auto f = [&](const char *name) { return flagMask(btf, name); };
  uint64_t reclaim = f("__GFP_DIRECT_RECLAIM") | f("__GFP_KSWAPD_RECLAIM");
  uint64_t kernel = reclaim | f("__GFP_IO") | f("__GFP_FS");
  uint64_t user = kernel | f("__GFP_HARDWALL");
  uint64_t highuser = user | f("__GFP_HIGHMEM");
  uint64_t highuser_movable = highuser | f("__GFP_MOVABLE") | f("__GFP_SKIP_KASAN");
  uint64_t transhuge_light =
      (highuser_movable | f("__GFP_COMP") | f("__GFP_NOMEMALLOC") | f("__GFP_NOWARN")) & ~reclaim;
  FlagTable table = {
      {"GFP_TRANSHUGE", transhuge_light | f("__GFP_DIRECT_RECLAIM")},
      {"GFP_TRANSHUGE_LIGHT", transhuge_light},
      {"GFP_HIGHUSER_MOVABLE", highuser_movable},
      {"GFP_HIGHUSER", highuser},
      {"GFP_USER", user},
      {"GFP_KERNEL_ACCOUNT", kernel | f("__GFP_ACCOUNT")},
      {"GFP_KERNEL", kernel},
      {"GFP_NOFS", reclaim | f("__GFP_IO")},
      {"GFP_ATOMIC", f("__GFP_HIGH") | f("__GFP_KSWAPD_RECLAIM")},
      {"GFP_NOIO", reclaim},
      {"GFP_NOWAIT", f("__GFP_KSWAPD_RECLAIM") | f("__GFP_NOWARN")},
      {"GFP_DMA", f("__GFP_DMA")},
      {"__GFP_HIGHMEM", f("__GFP_HIGHMEM")},
      {"GFP_DMA32", f("__GFP_DMA32")},
  };
  for (const char *name :
       {"__GFP_HIGH", "__GFP_IO", "__GFP_FS", "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL",
        "__GFP_NORETRY", "__GFP_COMP", "__GFP_ZERO", "__GFP_NOMEMALLOC", "__GFP_MEMALLOC",
        "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_RECLAIMABLE", "__GFP_MOVABLE", "__GFP_ACCOUNT",
        "__GFP_WRITE"})
    table.emplace_back(name, f(name));
  table.emplace_back("__GFP_RECLAIM", reclaim);
  for (const char *name :
       {"__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_ZEROTAGS", "__GFP_SKIP_ZERO",
        "__GFP_SKIP_KASAN", "__GFP_NOLOCKDEP", "__GFP_NO_OBJ_EXT"})
    table.emplace_back(name, f(name));
  return table;
}

} // namespace

std::string gfpFlagNames(uint64_t flags) {
  static const FlagTable table = buildTable();
  std::string out;
  for (const auto &[name, mask] : table) {
    if (mask == 0 || (flags & mask) != mask)
      continue;
    out += (out.empty() ? "" : "|") + std::string(name);
    flags &= ~mask;
  }
  if (flags != 0 || out.empty()) {
    char rest[24];
    std::snprintf(rest, sizeof(rest), "0x%llx", static_cast<unsigned long long>(flags));
    out += (out.empty() ? "" : "|") + std::string(rest);
  }
  return out;
}

} // namespace bpfscope
