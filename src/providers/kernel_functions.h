// The kernel functions that probes can name, and the expansion of
// `[MODULE:]FUNC` attach points (wildcards in both parts) shared by kprobe,
// kretprobe, fentry, fexit and rawtracepoint.
#pragma once

#include "providers/kernel_btf.h"
#include "providers/provider.h"

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace bpfscope {

struct KernelFunction {
  std::string module; // "vmlinux" for the kernel image
  std::string name;
};

// Functions a kprobe can attach to: tracefs available_filter_functions, or
// the text symbols of /proc/kallsyms where that file is unreadable. Read once.
const std::vector<KernelFunction> &kprobeFunctions();
// Functions (or raw tracepoints) with BTF, in every module that has BTF. Read once.
const std::vector<KernelFunction> &btfFunctions();
const std::vector<KernelFunction> &btfRawTracepoints();

bool hasWildcard(const std::string &text);

// Splits the parts after the provider name into module and function:
// ["f"] -> ("", "f"), ["m", "f"] -> ("m", "f"); false for other shapes.
bool splitModuleFunction(const std::vector<std::string> &parts, std::string &module,
                         std::string &function);

// The entries of `all` whose module matches `module` ("" = any) and whose
// name matches `function`, both globs.
std::vector<KernelFunction> matchFunctions(const std::vector<KernelFunction> &all,
                                           const std::string &module, const std::string &function);

// "did you mean" over the names of kprobeFunctions(), indexed on first use.
std::string suggestKprobeFunction(const std::string &function);
// "did you mean" over vmlinux's functions with BTF, or its raw tracepoints,
// indexed on first use.
std::string suggestBtfFunction(const std::string &name, bool raw_tracepoint);

// The args of a tracing program (fentry, fexit, tp_btf): its context is an
// array of u64, one per parameter.
ArgsLayout tracingArgs(const KernelPrototype &proto);

// -lv: "    TYPE NAME" for each parameter, then "    TYPE retval" when asked.
void printPrototype(const KernelPrototype &proto, bool with_result, std::ostream &out);

// Prints "KIND:MODULE:NAME" lines (the module only for modules unless
// `always_module`) for every entry of `all` matching `glob` (empty = all;
// the glob may leave the module out); `describe` adds -lv lines after each.
void listFunctions(const std::vector<KernelFunction> &all, const std::string &kind,
                   bool always_module, std::string_view glob, std::ostream &out,
                   const std::function<void(const KernelFunction &)> &describe = {});

} // namespace bpfscope
