// bpfscope's command line: reads the script, runs it through parse -> sema ->
// codegen -> runtime, and stops after the first stage that reports an error.
#include "codegen/codegen.h"
#include "parser/ast_dump.h"
#include "parser/diagnostics.h"
#include "parser/parser.h"
#include "parser/source.h"
#include "providers/provider.h"
#include "runtime/session.h"
#include "sema/sema.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
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
  std::string dump; // "", "ast", "ir", "asm"

  // Arguments after the script, the future $1, $2, …
  std::vector<std::string> scriptArgs() const {
    if (program || positionals.empty())
      return positionals;
    return {positionals.begin() + 1, positionals.end()};
  }
};

// Returns the exit status when the command line alone settles the run (--help, errors).
std::optional<int> parseCommandLine(int argc, char **argv, CommandLine &cl) {
  CLI::App app{"bpfscope: a tracing language for Linux, compatible with bpftrace\n"
               "  bpfscope [OPTIONS] FILE|- [ARGS...]\n"
               "  bpfscope [OPTIONS] -e PROGRAM [ARGS...]",
               "bpfscope"};
  app.add_option("-e", cl.program, "Run PROGRAM")->type_name("PROGRAM");
  app.add_flag("-l,--list", cl.list,
               "List probes matching the glob given as argument (all without one), or the "
               "probes of the -e program");
  app.add_flag("-q,--quiet", cl.quiet, "Do not print 'Attached N probes'");
  app.add_flag("-v,--verbose", cl.verbose, "Print libbpf's messages and the verifier log");
  app.add_option("-d", cl.dump, "Print STAGE's output and exit without loading: ast, ir or asm")
      ->type_name("STAGE")
      ->check(CLI::IsMember({"ast", "ir", "asm"}));
  app.add_flag("--dry-run", cl.dry_run, "Load and attach, then exit without running the program");
  app.set_version_flag("-V,--version", "bpfscope v" BPFSCOPE_VERSION);
  app.add_option("FILE", cl.positionals, "Script file ('-' for stdin) and its arguments")
      ->type_name("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e) == 0 ? 0 : 1;
  }
  return std::nullopt;
}

// Renders what a stage reported since the last call; false when any error was reported.
class Reporter {
public:
  explicit Reporter(const Diagnostics &diags) : diags_(diags) {}

  bool flush() {
    const auto &all = diags_.all();
    for (; shown_ < all.size(); ++shown_)
      diags_.render(std::cerr, all[shown_]);
    return !diags_.hasErrors();
  }

private:
  const Diagnostics &diags_;
  size_t shown_ = 0;
};

// `tracepoint:…` and its aliases (`t:…`) list through that provider alone.
void listProbes(const std::string &glob) {
  size_t colon = glob.find(':');
  if (colon != std::string::npos)
    if (const Provider *provider = findProvider(glob.substr(0, colon))) {
      provider->list(std::string(provider->name()) + glob.substr(colon), std::cout);
      return;
    }
  for (const Provider *provider : allProviders())
    provider->list(glob, std::cout);
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

CodegenDump dumpKind(const std::string &stage) {
  if (stage == "ir")
    return CodegenDump::IR;
  if (stage == "asm")
    return CodegenDump::Asm;
  return CodegenDump::None;
}

// Parse -> sema -> codegen -> runtime, for a script whose text is loaded.
int runScript(const CommandLine &cl, const SourceFile &source) {
  Diagnostics diags(source);
  Reporter reporter(diags);
  auto ast = parse(source, diags);
  if (!reporter.flush() || !ast)
    return 1;
  if (cl.dump == "ast") {
    std::cout << dumpAst(*ast);
    return 0;
  }
  bool loads = cl.dump.empty() && !cl.list;
  if (loads && geteuid() != 0) {
    diags.error("bpfscope must run as root (it loads BPF programs into the kernel)",
                "run it with sudo, or use -d to see what it would load");
    reporter.flush();
    return 1;
  }
  auto checked = analyze(std::move(ast), diags, SemaOptions{});
  if (!reporter.flush() || !checked)
    return 1;
  if (cl.list) {
    for (const auto &unit : checked->units)
      std::cout << unit.target.canonical << "\n";
    return 0;
  }
  auto code = generate(*checked, diags, dumpKind(cl.dump));
  if (!reporter.flush() || !code)
    return 1;
  if (!loads) {
    std::cout << (cl.dump == "ir" ? code->ir : code->assembly);
    return 0;
  }
  RunOptions options{cl.quiet, cl.verbose, cl.dry_run};
  int status = runProgram(*checked, code->object, options, diags);
  reporter.flush();
  return status;
}

int run(int argc, char **argv) {
  CommandLine cl;
  if (auto status = parseCommandLine(argc, argv, cl))
    return *status;
  if (cl.list && !cl.program) {
    listProbes(cl.positionals.empty() ? std::string() : cl.positionals.front());
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
