#include "runtime/user_symbols.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace bpfscope {

namespace {

// "START-END PERMS OFFSET DEV INODE PATH" for a file-backed executable mapping.
bool parseMapsLine(const std::string &line, uint64_t &start, uint64_t &end, uint64_t &offset,
                   uint64_t &inode, std::string &path) {
  std::istringstream fields(line);
  std::string range, perms, file_offset, device;
  if (!(fields >> range >> perms >> file_offset >> device >> inode))
    return false;
  std::getline(fields >> std::ws, path);
  if (path.empty() || path.front() != '/' || perms.size() < 3 || perms[2] != 'x')
    return false;
  size_t dash = range.find('-');
  start = std::strtoull(range.c_str(), nullptr, 16);
  end = std::strtoull(range.c_str() + dash + 1, nullptr, 16);
  offset = std::strtoull(file_offset.c_str(), nullptr, 16);
  return true;
}

bool isFileWithInode(const std::string &path, uint64_t inode) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && st.st_ino == inode;
}

bool isReadable(const std::string &path) {
  return ::access(path.c_str(), R_OK) == 0;
}

std::string directoryOf(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

} // namespace

UserSymbols::UserSymbols(std::string proc, std::string debug_root)
    : proc_(std::move(proc)), debug_root_(std::move(debug_root)) {}

// A process in a mount namespace of its own (a container) maps files by
// paths of its root: when the path names another file here, the object is
// read through /proc/PID/root.
std::vector<UserSymbols::Mapping> UserSymbols::readMappings(uint32_t pid) const {
  std::vector<Mapping> mappings;
  std::string process = proc_ + "/" + std::to_string(pid);
  std::ifstream in(process + "/maps");
  std::string line;
  Mapping m;
  uint64_t inode = 0;
  while (std::getline(in, line)) {
    if (!parseMapsLine(line, m.start, m.end, m.offset, inode, m.path))
      continue;
    m.file = isFileWithInode(m.path, inode) ? m.path : process + "/root" + m.path;
    mappings.push_back(m);
  }
  return mappings;
}

const UserSymbols::Mapping *UserSymbols::mappingOf(uint32_t pid, uint64_t address) {
  auto find = [address](const std::vector<Mapping> &all) -> const Mapping * {
    for (const Mapping &m : all)
      if (address >= m.start && address < m.end)
        return &m;
    return nullptr;
  };
  auto cached = mappings_.find(pid);
  if (cached != mappings_.end())
    if (const Mapping *m = find(cached->second))
      return m;
  std::vector<Mapping> fresh = readMappings(pid);
  if (fresh.empty())
    return cached == mappings_.end() ? nullptr : find(cached->second);
  auto &slot = mappings_[pid];
  slot = std::move(fresh);
  return find(slot);
}

// A debug file found by build-id (/usr/lib/debug/.build-id/ab/cdef….debug)
// or by .gnu_debuglink beside the object, in its .debug/ directory, or under
// /usr/lib/debug/ mirroring its directory.
std::shared_ptr<const ElfImage> UserSymbols::debugFileOf(const std::string &path,
                                                         const ElfImage &image) const {
  const ElfDebugLinks &links = image.debugLinks();
  std::vector<std::string> candidates;
  if (links.build_id.size() > 2)
    candidates.push_back(debug_root_ + "/.build-id/" + links.build_id.substr(0, 2) + "/" +
                         links.build_id.substr(2) + ".debug");
  if (!links.debug_link.empty()) {
    std::string dir = directoryOf(path);
    candidates.push_back(dir + "/" + links.debug_link);
    candidates.push_back(dir + "/.debug/" + links.debug_link);
    candidates.push_back(debug_root_ + dir + "/" + links.debug_link);
  }
  for (const std::string &candidate : candidates)
    if (candidate != path && isReadable(candidate))
      if (auto debug = ElfImage::load(candidate, nullptr))
        return debug;
  return nullptr;
}

const UserSymbols::ObjectSymbols &UserSymbols::objectSymbols(const std::string &path) {
  auto it = objects_.find(path);
  if (it != objects_.end())
    return it->second;
  ObjectSymbols symbols;
  symbols.image = ElfImage::load(path, nullptr);
  if (symbols.image)
    symbols.debug = debugFileOf(path, *symbols.image);
  return objects_.emplace(path, std::move(symbols)).first->second;
}

std::optional<SymbolHit> UserSymbols::resolve(uint32_t pid, uint64_t address) {
  const Mapping *mapping = mappingOf(pid, address);
  if (!mapping)
    return std::nullopt;
  const ObjectSymbols &object = objectSymbols(mapping->file);
  if (!object.image)
    return std::nullopt;
  auto linked = object.image->addressOfFileOffset(address - mapping->start + mapping->offset);
  if (!linked)
    return std::nullopt;
  for (const auto &symbols : {object.debug, object.image}) {
    if (!symbols)
      continue;
    if (const ElfFunction *fn = symbols->functionAt(*linked))
      return SymbolHit{fn->name, *linked - fn->address, mapping->path};
  }
  return std::nullopt;
}

} // namespace bpfscope
