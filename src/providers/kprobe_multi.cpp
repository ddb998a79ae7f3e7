#include "providers/kprobe_multi.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace bpfscope {
namespace {

// The smallest program the kernel loads: `r0 = 0; exit`.
int loadEmptyKprobeMultiProgram() {
  bpf_insn program[2] = {};
  program[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
  program[1].code = BPF_JMP | BPF_EXIT;
  LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_KPROBE_MULTI);
  return bpf_prog_load(BPF_PROG_TYPE_KPROBE, nullptr, "GPL", program, 2, &opts);
}

bool canAttachKprobeMulti(const std::string &function) {
  int prog = loadEmptyKprobeMultiProgram();
  if (prog < 0)
    return false;
  const char *symbols[] = {function.c_str()};
  LIBBPF_OPTS(bpf_link_create_opts, opts);
  opts.kprobe_multi.syms = symbols;
  opts.kprobe_multi.cnt = 1;
  int link = bpf_link_create(prog, 0, BPF_TRACE_KPROBE_MULTI, &opts);
  if (link >= 0)
    close(link);
  close(prog);
  return link >= 0;
}

} // namespace

bool kernelHasKprobeMulti(const std::string &function) {
  static const bool available = canAttachKprobeMulti(function);
  return available;
}

AttachOutcome attachKprobeMulti(bpf_program *prog, const std::vector<ProbeTarget> &targets,
                                uint64_t first_cookie, bool retprobe) {
  std::vector<const char *> symbols;
  std::vector<__u64> cookies;
  for (size_t i = 0; i < targets.size(); ++i) {
    symbols.push_back(targets[i].parts[1].c_str());
    cookies.push_back(first_cookie + i);
  }
  LIBBPF_OPTS(bpf_kprobe_multi_opts, opts, .syms = symbols.data(), .cookies = cookies.data(),
              .cnt = symbols.size(), .retprobe = retprobe);
  bpf_link *link = bpf_program__attach_kprobe_multi_opts(prog, nullptr, &opts);
  if (link)
    return {link, {}};
  int err = errno;
  AttachOutcome failed(nullptr,
                       "cannot attach to " + std::to_string(targets.size()) +
                           " functions at once (kprobe_multi link): " + std::strerror(err));
  failed.failed_target = targets.front().canonical + " (and the other matches)";
  failed.hint = "a function among them may be blocked from probing; name fewer functions";
  return failed;
}

} // namespace bpfscope
