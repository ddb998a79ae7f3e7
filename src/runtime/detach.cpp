#include "runtime/detach.h"

#include <bpf/libbpf.h>

#include <algorithm>
#include <thread>

namespace bpfscope {

// Enough to overlap every wait of a typical script; a wildcard over thousands
// of tracepoints shares the threads.
constexpr size_t kMaxDetachThreads = 32;

void destroyLinksConcurrently(std::vector<bpf_link *> links) {
  if (links.size() <= 1) {
    for (bpf_link *link : links)
      bpf_link__destroy(link);
    return;
  }
  size_t thread_count = std::min(links.size(), kMaxDetachThreads);
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (size_t first = 0; first < thread_count; ++first)
    threads.emplace_back([&links, first, thread_count] {
      for (size_t i = first; i < links.size(); i += thread_count)
        bpf_link__destroy(links[i]);
    });
  for (auto &thread : threads)
    thread.join();
}

} // namespace bpfscope
