// bpfscope's command line: reads the script, runs it through parse -> sema ->
// codegen -> runtime, and stops after the first stage that reports an error.
#include "cache/object_cache.h"
#include "codegen/codegen.h"
#include "parser/ast_dump.h"
#include "parser/diagnostics.h"
#include "parser/imports.h"
#include "parser/parser.h"
#include "parser/quoted_split.h"
#include "parser/source.h"
#include "providers/kernel_btf.h"
#include "providers/process_maps.h"
#include "providers/provider.h"
#include "runtime/child_process.h"
#include "runtime/feature_report.h"
#include "runtime/pid_namespace.h"
#include "runtime/privileges.h"
#include "runtime/session.h"
#include "sema/positional_params.h"
#include "sema/sema.h"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bpfscope {
namespace {

struct CommandLine {
  std::optional<std::string> program; // -e
  std::vector<std::string> positionals;
  bool list = false;
  bool quiet = false;
  bool verbose = false;
  bool dry_run = false;
  bool bench = false;
  bool test = false;
  bool unsafe = false;
  int helper_checks = 0;              // how many times -k was given
  std::optional<std::string> command; // -c
  std::optional<uint32_t> pid;        // -p
  bool no_cache = false;
  std::string dump;      // "", "ast", "types", "ir", "asm"
  std::string emit_elf;  // --emit-elf FILE
  std::string emit_llvm; // --emit-llvm FILE
  bool no_warnings = false;
  bool btf = false;                      // -b: bpftrace's "force BTF"; BTF is always used here
  std::vector<std::string> include_dirs; // -I, --include: accepted, types come from BTF
  std::string format = "text";           // -f
  std::string output_file;               // -o
  std::string buffering = "line";        // -B

  // Whether this run loads programs into the kernel (not a listing or a dump).
  bool loads() const { return dump.empty() && !list && emit_elf.empty() && emit_llvm.empty(); }

  // Arguments after the script, the future $1, $2, …
  std::vector<std::string> scriptArgs() const {
    if (program || positionals.empty())
      return positionals;
    return {positionals.begin() + 1, positionals.end()};
  }
};

// CLI11 2.1 derives a usage line from the options; bpfscope has two forms.
class UsageFormatter : public CLI::Formatter {
public:
  std::string make_usage(const CLI::App *, std::string) const override {
    return "Usage:\n  bpfscope [OPTIONS] FILE|- [ARGS...]\n"
           "  bpfscope [OPTIONS] -e PROGRAM [ARGS...]\n";
  }
};

constexpr const char *kHelpFooter = R"(Examples:
  bpfscope -l 'tracepoint:syscalls:sys_enter_*'
  bpfscope -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
  bpfscope -c 'ls /' -e 'tracepoint:syscalls:sys_enter_openat /pid == cpid/ { printf("%s\n", str(args.filename)); }'

See bpfscope(8) for the language, probe kinds, builtins and functions.)";

// bpftrace's --usdt-file-activation changes nothing here: the kernel raises a
// USDT probe's semaphore in every process that maps the file. Accepted, and
// left out of --help (one screen); the man page documents it.
constexpr std::string_view kUsdtFileActivation = "--usdt-file-activation";

// The arguments no option took: named parameters join the script's
// arguments; anything else is the error CLI11 gives without extras allowed.
void keepNamedParams(const std::vector<std::string> &extras, CommandLine &cl) {
  std::vector<std::string> unexpected;
  for (const std::string &arg : extras)
    if (arg != "--" && arg != kUsdtFileActivation) // CLI11 keeps the separator
      (isNamedParam(arg) ? cl.positionals : unexpected).push_back(arg);
  if (!unexpected.empty())
    throw CLI::ExtrasError(std::move(unexpected));
}

// Returns the exit status when the command line alone settles the run (--help, errors).
std::optional<int> parseCommandLine(int argc, char **argv, CommandLine &cl) {
  CLI::App app{"bpfscope: a tracing language for Linux, compatible with bpftrace", "bpfscope"};
  app.formatter(std::make_shared<UsageFormatter>());
  app.footer(kHelpFooter);
  app.add_option("-e", cl.program, "Run PROGRAM")->type_name("PROGRAM");
  app.add_flag("-l,--list", cl.list,
               "List probes matching the glob argument (all without one), or the -e "
               "program's probes");
  app.add_flag("-q,--quiet", cl.quiet, "Do not print 'Attached N probes'");
  app.add_flag("-v,--verbose", cl.verbose, "Print libbpf's messages and the verifier log");
  app.add_option("-d", cl.dump, "Print STAGE (ast, types, ir or asm) and exit without loading")
      ->type_name("STAGE")
      ->check(CLI::IsMember({"ast", "types", "ir", "asm"}));
  app.add_option("--emit-elf", cl.emit_elf, "Write the compiled BPF object to FILE and exit")
      ->type_name("FILE");
  app.add_option("--emit-llvm", cl.emit_llvm, "Write the LLVM IR to FILE and exit")
      ->type_name("FILE");
  app.add_flag("--no-warnings", cl.no_warnings, "Do not print warnings");
  app.add_option("-I,--include", cl.include_dirs,
                 "Accepted for bpftrace compatibility and ignored: kernel types come from BTF")
      ->type_name("DIR|FILE")
      ->allow_extra_args(false); // one value each time: `-I DIR script.bt` runs script.bt
  app.add_flag("-b,--btf", cl.btf, "Accepted for bpftrace compatibility: BTF is always used");
  app.add_flag("--dry-run", cl.dry_run, "Load and attach, then exit without running the program");
  app.add_flag("--bench", cl.bench, "Time each bench:NAME probe and print the results");
  app.add_flag("--test", cl.test, "Run each test:NAME probe once and report which failed");
  app.add_option("-f", cl.format, "Output format: text (default) or json (one object per line)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("-o,--output", cl.output_file, "Write the output to FILE instead of stdout")
      ->type_name("FILE");
  app.add_option("-B", cl.buffering, "Output buffering: line (default), full or none")
      ->type_name("MODE")
      ->check(CLI::IsMember({"line", "full", "none"}));
  app.add_flag("--unsafe", cl.unsafe, "Allow unsafe functions: system(), signal()");
  app.add_flag("-k", cl.helper_checks,
               "Warn when a BPF helper fails (maps, stacks, signals; -kk: also reads)");
  app.add_option("-c,--cmd", cl.command,
                 "Run COMMAND once probes are attached (cpid is its pid); exit when it exits")
      ->type_name("COMMAND");
  app.add_option("-p,--pid", cl.pid, "Trace process PID only; exit when it exits")
      ->type_name("PID")
      ->check(CLI::Range(1u, 0x7fffffffu).description(""));
  app.add_flag("--no-cache", cl.no_cache,
               "Compile even when the compiled-script cache holds the script");
  app.set_version_flag("-V,--version", "bpfscope v" BPFSCOPE_VERSION);
  app.add_flag_callback(
      "--info",
      [] {
        printFeatureReport(std::cout);
        throw CLI::Success();
      },
      "Print what this kernel offers: helpers, map types and probe kinds");
  app.add_option("FILE", cl.positionals, "Script file ('-' for stdin) and its arguments")
      ->type_name("");
  // Named parameters may also come before `--` (`-e PROG --depth=3 pos1`), as bpftrace takes them.
  app.allow_extras();
  try {
    app.parse(argc, argv);
    keepNamedParams(app.remaining(), cl);
  } catch (const CLI::ParseError &e) {
    return app.exit(e) == 0 ? 0 : 1;
  }
  return std::nullopt;
}

// Renders what a stage reported since the last call; false when any error was reported.
class Reporter {
public:
  Reporter(const Diagnostics &diags, bool show_warnings)
      : diags_(diags), show_warnings_(show_warnings) {}

  bool flush() {
    const auto &all = diags_.all();
    for (; shown_ < all.size(); ++shown_)
      if (show_warnings_ || all[shown_].severity != Severity::Warning)
        diags_.render(std::cerr, all[shown_]);
    return !diags_.hasErrors();
  }

private:
  const Diagnostics &diags_;
  bool show_warnings_;
  size_t shown_ = 0;
};

// Under -p, a uprobe or usdt pattern whose binary is `*` or left out
// (`uprobe:*`, `usdt:*:prov:*`, or no pattern at all) lists the probes of
// each file the process maps, as bpftrace lists them.
std::vector<std::string> processGlobs(const std::string &glob, int pid) {
  size_t colon = glob.find(':');
  std::vector<std::string> kinds;
  if (glob.empty() || glob == "*") {
    kinds = {"uprobe", "usdt"};
  } else if (const Provider *p = findProvider(glob.substr(0, colon));
             p && (p->name() == "uprobe" || p->name() == "usdt")) {
    kinds = {std::string(p->name())};
  } else {
    return {glob};
  }
  std::string rest = colon == std::string::npos ? "" : glob.substr(colon + 1);
  size_t binary_end = rest.find(':');
  std::string binary = rest.substr(0, binary_end);
  if (!binary.empty() && binary != "*")
    return {glob};
  std::string tail = binary_end == std::string::npos ? "*" : rest.substr(binary_end + 1);
  std::vector<std::string> globs;
  for (const std::string &path : mappedExecutableFiles(pid))
    for (const std::string &kind : kinds)
      globs.push_back(kind + ":" + path + ":" + tail);
  return globs;
}

// `tracepoint:…` and its aliases (`t:…`) list through that provider alone;
// with -v each probe is followed by its args. `struct NAME` (union, enum)
// lists kernel types, with -v their definitions.
void listProbes(const std::string &globs, bool with_args, std::optional<uint32_t> pid) {
  auto listOne = [&](const Provider &provider, std::string_view pattern) {
    if (with_args)
      provider.listWithArgs(pattern, std::cout);
    else
      provider.list(pattern, std::cout);
  };
  std::vector<std::string> patterns;
  for (const std::string &glob : splitOutsideQuotes(globs, ',')) {
    std::vector<std::string> expanded =
        pid ? processGlobs(glob, static_cast<int>(*pid)) : std::vector<std::string>{glob};
    patterns.insert(patterns.end(), expanded.begin(), expanded.end());
  }
  for (const std::string &glob : patterns) {
    if (listKernelTypes(glob, with_args, std::cout))
      continue;
    size_t colon = glob.find(':');
    const Provider *named =
        colon == std::string::npos ? nullptr : findProvider(glob.substr(0, colon));
    if (named) {
      listOne(*named, std::string(named->name()) + glob.substr(colon));
      continue;
    }
    for (const Provider *provider : allProviders())
      listOne(*provider, glob);
  }
}

// `-l FILE` lists the probes of the script FILE, as `-l -e PROGRAM` does.
bool listsScriptFile(const CommandLine &cl) {
  std::error_code error;
  return !cl.positionals.empty() && std::filesystem::is_regular_file(cl.positionals.front(), error);
}

std::optional<std::string> readAll(std::istream &in) {
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return std::nullopt;
  return text.str();
}

// The script to run: -e's text, stdin for '-', else the file named first. Errors go to `diags`.
std::optional<SourceFile> loadScript(const CommandLine &cl, Diagnostics &diags) {
  if (cl.program)
    return SourceFile("stdin", *cl.program);
  if (cl.positionals.empty()) {
    diags.error("no program given", "pass a script FILE, '-' to read stdin, or -e 'PROGRAM'");
    return std::nullopt;
  }
  const std::string &path = cl.positionals.front();
  if (path == "-") {
    if (auto text = readAll(std::cin))
      return SourceFile("stdin", *text);
    diags.error("cannot read the program from stdin");
    return std::nullopt;
  }
  std::ifstream file(path);
  std::optional<std::string> text = file ? readAll(file) : std::nullopt;
  if (!text) {
    diags.error("cannot read " + path + ": " + std::strerror(errno));
    return std::nullopt;
  }
  return SourceFile(path, *text);
}

BufferMode bufferMode(const std::string &name) {
  if (name == "full")
    return BufferMode::Full;
  if (name == "none")
    return BufferMode::None;
  return BufferMode::Line;
}

CodegenDump dumpKind(const CommandLine &cl) {
  const std::string &stage = cl.dump;
  if (stage == "ir" || !cl.emit_llvm.empty())
    return CodegenDump::IR;
  if (stage == "asm")
    return CodegenDump::Asm;
  return CodegenDump::None;
}

// Codegen, skipped when the compiled-script cache holds this script's object.
std::optional<CodegenResult> compile(const CommandLine &cl, const CheckedProgram &checked,
                                     Diagnostics &diags) {
  std::optional<ObjectCache> cache;
  if (cl.loads() && !cl.no_cache)
    cache = ObjectCache::fromEnvironment();
  if (!cache)
    return generate(checked, diags, dumpKind(cl));
  std::string key = ObjectCache::keyOf(checked, diags.source(), cl.scriptArgs());
  if (auto code = cache->load(key)) {
    if (cl.verbose)
      std::cerr << "cache: using " << cache->entryPath(key) << std::endl;
    return code;
  }
  auto code = generate(checked, diags, CodegenDump::None);
  if (code) {
    cache->store(key, *code);
    if (cl.verbose)
      std::cerr << "cache: stored " << cache->entryPath(key) << std::endl;
  }
  return code;
}

// Loading needs root or CAP_BPF + CAP_PERFMON; say which are missing.
bool checkPrivileges(Diagnostics &diags) {
  std::vector<std::string> missing = missingTracingCapabilities();
  if (missing.empty())
    return true;
  diags.error("bpfscope needs root, or the capabilities CAP_BPF and CAP_PERFMON, to load BPF "
              "programs; this process lacks " +
                  joinCapabilityNames(missing),
              "run it with sudo (or grant the capabilities: setcap "
              "cap_bpf,cap_perfmon,cap_dac_read_search+ep on the binary); -d ast|types|ir|asm "
              "and --emit-elf work without them");
  return false;
}

bool writeFile(const std::string &path, const void *data, size_t size, Diagnostics &diags) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char *>(data), static_cast<std::streamsize>(size));
  out.close();
  if (out)
    return true;
  diags.error("cannot write " + path + ": " + std::strerror(errno));
  return false;
}

// The outputs of a run that stops before loading: -d STAGE, --emit-elf, --emit-llvm.
bool writeCompiled(const CommandLine &cl, const CodegenResult &code, Diagnostics &diags) {
  if (cl.dump == "ir")
    std::cout << code.ir;
  else if (cl.dump == "asm")
    std::cout << code.assembly;
  if (!cl.emit_llvm.empty() && !writeFile(cl.emit_llvm, code.ir.data(), code.ir.size(), diags))
    return false;
  return cl.emit_elf.empty() ||
         writeFile(cl.emit_elf, code.object.data(), code.object.size(), diags);
}

// -c: fork the command, held until probes are attached; -p: check the process exists.
bool startProcess(const CommandLine &cl, std::unique_ptr<ChildProcess> &child, Diagnostics &diags) {
  if (cl.command && cl.pid) {
    diags.error("-c and -p cannot be used together",
                "trace either a new command or a running process");
    return false;
  }
  if (cl.pid && kill(static_cast<pid_t>(*cl.pid), 0) != 0 && errno == ESRCH) {
    diags.error("no process with pid " + std::to_string(*cl.pid),
                "give the pid of a running process");
    return false;
  }
  if (!cl.command)
    return true;
  std::string error;
  child = ChildProcess::spawn(*cl.command, &error);
  if (!child)
    diags.error(error);
  return child != nullptr;
}

// Parse -> sema -> codegen -> runtime, for a script whose text is loaded.
int runScript(const CommandLine &cl, SourceFile &source) {
  Diagnostics diags(source);
  Reporter reporter(diags, !cl.no_warnings);
  auto ast = parse(source, diags);
  if (!reporter.flush() || !ast || !resolveImports(source, *ast, diags)) {
    reporter.flush();
    return 1;
  }
  if (cl.dump == "ast") {
    std::cout << dumpAst(*ast);
    return 0;
  }
  if (asksForNamedParamsHelp(cl.scriptArgs())) {
    std::cout << namedParamsHelp(*ast);
    return 0;
  }
  bool loads = cl.loads();
  if (loads && !checkPrivileges(diags)) {
    reporter.flush();
    return 1;
  }
  SemaOptions sema_options;
  sema_options.positional_args = cl.scriptArgs();
  sema_options.config_environment = configFromEnvironment();
  sema_options.unsafe = cl.unsafe;
  sema_options.helper_checks = cl.helper_checks;
  std::unique_ptr<ChildProcess> child;
  if (loads && !startProcess(cl, child, diags)) {
    reporter.flush();
    return 1;
  }
  sema_options.child_pid = child ? static_cast<uint32_t>(child->pid()) : 0;
  sema_options.target_pid = cl.pid.value_or(0);
  sema_options.pid_namespace = ownPidNamespace();
  auto checked = analyze(std::move(ast), diags, sema_options);
  if (!reporter.flush() || !checked)
    return 1;
  if (cl.list) {
    // A USDT probe at several sites is one probe.
    std::set<std::pair<const ast::Probe *, std::string>> listed;
    for (const auto &unit : checked->units)
      for (const auto &target : unit.targets)
        if (listed.emplace(unit.probe, target.canonical).second)
          std::cout << target.canonical << "\n";
    return 0;
  }
  if (cl.dump == "types") {
    std::cout << dumpAst(*checked->ast, AstDumpTypes::Show);
    return 0;
  }
  auto code = compile(cl, *checked, diags);
  if (!reporter.flush() || !code)
    return 1;
  if (!loads) {
    bool written = writeCompiled(cl, *code, diags);
    return reporter.flush() && written ? 0 : 1;
  }
  RunOptions options;
  options.quiet = cl.quiet;
  options.verbose = cl.verbose;
  options.dry_run = cl.dry_run;
  options.bench = cl.bench;
  options.test = cl.test;
  options.no_warnings = cl.no_warnings;
  options.json = cl.format == "json";
  options.output_file = cl.output_file;
  options.buffering = bufferMode(cl.buffering);
  options.child = child.get();
  int status = runProgram(*checked, *code, options, diags);
  reporter.flush();
  return status;
}

int run(int argc, char **argv) {
  CommandLine cl;
  if (auto status = parseCommandLine(argc, argv, cl))
    return *status;
  if (cl.list && !cl.program && !listsScriptFile(cl)) {
    listProbes(cl.positionals.empty() ? std::string() : cl.positionals.front(), cl.verbose, cl.pid);
    return 0;
  }
  SourceFile command_line("bpfscope", "");
  Diagnostics diags(command_line);
  auto source = loadScript(cl, diags);
  if (!source) {
    diags.render(std::cerr);
    return 1;
  }
  return runScript(cl, *source);
}

} // namespace
} // namespace bpfscope

int main(int argc, char **argv) {
  return bpfscope::run(argc, argv);
}
