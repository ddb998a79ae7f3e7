#include "parser/imports.h"

#include "parser/parser.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace bpfscope {
namespace {

namespace fs = std::filesystem;
using namespace ast;

bool worldWritable(const fs::path &path) {
  std::error_code ec;
  fs::perms perms = fs::status(path, ec).permissions();
  return !ec && (perms & fs::perms::others_write) != fs::perms::none;
}

// Others could change what is imported: the file itself, or its directory.
bool writableByOthers(const fs::path &path) {
  return worldWritable(path) ||
         worldWritable(path.has_parent_path() ? path.parent_path() : fs::path("."));
}

std::vector<fs::path> scriptsIn(const fs::path &dir) {
  std::vector<fs::path> scripts;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".bt" && entry.is_regular_file())
      scripts.push_back(entry.path());
  std::sort(scripts.begin(), scripts.end());
  return scripts;
}

class Importer {
public:
  Importer(SourceFile &source, Diagnostics &diags) : source_(source), diags_(diags) {}

  void run(Program &program) {
    fs::path script(source_.name());
    std::error_code ec;
    if (fs::is_regular_file(script, ec))
      chain_.push_back(fs::weakly_canonical(script, ec));
    std::vector<Import> imports = program.imports;
    importAll(imports, script.parent_path(), program);
    program.probes.insert(program.probes.begin(), std::make_move_iterator(imported_probes_.begin()),
                          std::make_move_iterator(imported_probes_.end()));
    if (program.probes.empty() && !imports.empty() && !diags_.hasErrors())
      diags_.error(imports.front().span, "no probes in the script or in the scripts it imports",
                   "a probe looks like: BEGIN { printf(\"hello\\n\"); }");
  }

private:
  void importAll(const std::vector<Import> &imports, const fs::path &dir, Program &into) {
    for (const Import &import : imports)
      importPath(import, (dir / import.path).lexically_normal(), into);
  }

  void importPath(const Import &import, const fs::path &path, Program &into) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      diags_.error(import.span, "cannot import " + path.string() + ": " + std::strerror(ENOENT),
                   "an import's path is relative to the directory of the script that imports it");
      return;
    }
    if (writableByOthers(path)) {
      diags_.error(import.span,
                   "refusing to import " + path.string() +
                       ": it or its directory is writable by every user",
                   "remove the write permission of others: chmod o-w");
      return;
    }
    if (fs::is_directory(path, ec)) {
      for (const fs::path &script : scriptsIn(path))
        importScript(import, script, into);
      return;
    }
    std::string extension = path.extension().string();
    if (extension == ".h" || extension == ".c" || extension == ".o") {
      diags_.error(import.span, "cannot import " + path.string() + ": C imports are not supported",
                   "bpfscope compiles no C; import bpftrace scripts (.bt) and define C "
                   "types in the script's preamble");
      return;
    }
    if (extension != ".bt") {
      diags_.error(import.span, "cannot import " + path.string() + ": unknown kind of file",
                   "import a bpftrace script (.bt) or a directory of them");
      return;
    }
    importScript(import, path, into);
  }

  void importScript(const Import &import, const fs::path &path, Program &into) {
    std::error_code ec;
    fs::path identity = fs::weakly_canonical(path, ec);
    if (auto cycle = std::find(chain_.begin(), chain_.end(), identity); cycle != chain_.end()) {
      std::string loop;
      for (; cycle != chain_.end(); ++cycle)
        loop += cycle->filename().string() + " > ";
      diags_.error(import.span, "import cycle: " + loop + path.filename().string(),
                   "a script cannot import a script that imports it");
      return;
    }
    if (!imported_.insert(identity).second)
      return;
    std::ifstream file(path);
    if (!file) {
      diags_.error(import.span, "cannot read " + path.string() + ": " + std::strerror(errno));
      return;
    }
    std::ostringstream text;
    text << file.rdbuf();
    uint32_t begin = source_.append(path.string(), text.str());
    auto imported = parseImported(source_, begin, diags_);
    if (!imported->config.empty())
      diags_.error(imported->config.front().span, "an imported script cannot have a config block",
                   "set the configuration in the script that is run");
    chain_.push_back(identity);
    importAll(imported->imports, path.parent_path(), into);
    chain_.pop_back();
    merge(*imported, into);
  }

  void merge(Program &imported, Program &into) {
    auto append = [](auto &from, auto &to) {
      to.insert(to.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
    };
    append(imported.macros, into.macros);
    append(imported.c_types, into.c_types);
    append(imported.c_defines, into.c_defines);
    append(imported.map_declarations, into.map_declarations);
    append(imported.probes, imported_probes_);
  }

  SourceFile &source_;
  Diagnostics &diags_;
  std::vector<fs::path> chain_; // the scripts being imported, the one that is run first
  std::set<fs::path> imported_;
  std::vector<Probe> imported_probes_;
};

} // namespace

bool resolveImports(SourceFile &source, Program &program, Diagnostics &diags) {
  Importer(source, diags).run(program);
  return !diags.hasErrors();
}

} // namespace bpfscope
