#include "cache/object_cache.h"

#include "sema/btf_types.h"

#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>

namespace bpfscope {
namespace {

constexpr const char *kMagic = "bpfscope-object-cache 1\n";

std::string environment(const char *name) {
  const char *value = std::getenv(name);
  return value ? value : "";
}

std::string defaultDirectory() {
  if (auto dir = environment("BPFSCOPE_CACHE_DIR"); !dir.empty())
    return dir;
  if (auto xdg = environment("XDG_CACHE_HOME"); !xdg.empty())
    return xdg + "/bpfscope";
  if (geteuid() == 0)
    return "/var/cache/bpfscope";
  if (auto home = environment("HOME"); !home.empty())
    return home + "/.cache/bpfscope";
  return "";
}

// "size mtime" of a file, or "absent": enough to notice a rebuilt binary or a new kernel BTF.
std::string fileIdentity(const std::string &path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return path + " absent";
  return path + " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
}

// This boot of this kernel: objects hold kernel addresses (kaddr()), which
// KASLR moves at every boot, so entries do not outlive a reboot.
std::string kernelIdentity() {
  utsname names{};
  uname(&names);
  std::ifstream boot_id_file("/proc/sys/kernel/random/boot_id");
  std::string boot_id;
  std::getline(boot_id_file, boot_id);
  return std::string(names.release) + " " + names.version + " boot " + boot_id + "\n" +
         fileIdentity(vmlinuxBtfPath());
}

// Two FNV-1a passes with different bases: 128 bits of file name. The key
// text inside the entry, not the name, decides a hit.
std::string hashHex(const std::string &text) {
  uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
  for (unsigned char c : text) {
    a = (a ^ c) * 0x100000001b3ULL;
    b = (b ^ c) * 0x100000001b3ULL;
    b ^= b >> 29;
  }
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return hex;
}

void appendField(std::string &out, const void *data, uint64_t size) {
  out.append(reinterpret_cast<const char *>(&size), sizeof size);
  out.append(static_cast<const char *>(data), size);
}

// Reads the fields appendField wrote, in order.
class FieldReader {
public:
  explicit FieldReader(std::string_view data) : data_(data) {}

  std::optional<std::string_view> next() {
    uint64_t size;
    if (data_.size() < sizeof size)
      return std::nullopt;
    std::memcpy(&size, data_.data(), sizeof size);
    data_.remove_prefix(sizeof size);
    if (data_.size() < size)
      return std::nullopt;
    std::string_view field = data_.substr(0, size);
    data_.remove_prefix(size);
    return field;
  }

private:
  std::string_view data_;
};

std::string serializeSpans(const SourceMap &map) {
  std::string out;
  for (const auto &[begin, span] : map.spans()) {
    out.append(reinterpret_cast<const char *>(&span.begin), sizeof span.begin);
    out.append(reinterpret_cast<const char *>(&span.end), sizeof span.end);
  }
  return out;
}

SourceMap deserializeSpans(std::string_view data) {
  SourceMap map;
  for (size_t at = 0; at + 2 * sizeof(uint32_t) <= data.size(); at += 2 * sizeof(uint32_t)) {
    Span span;
    std::memcpy(&span.begin, data.data() + at, sizeof span.begin);
    std::memcpy(&span.end, data.data() + at + sizeof span.begin, sizeof span.end);
    map.record(span);
  }
  return map;
}

} // namespace

std::optional<ObjectCache> ObjectCache::fromEnvironment() {
  if (environment("BPFSCOPE_NO_CACHE") == "1")
    return std::nullopt;
  std::string directory = defaultDirectory();
  if (directory.empty())
    return std::nullopt;
  return ObjectCache(directory);
}

std::string ObjectCache::keyOf(const CheckedProgram &program, const SourceFile &source,
                               const std::vector<std::string> &positional_args) {
  std::ostringstream key;
  key << "bpfscope " BPFSCOPE_VERSION "\n" << fileIdentity("/proc/self/exe") << "\n";
  key << fileIdentity(codeGeneratorPath()) << "\n";
  key << kernelIdentity() << "\n";
  key << "max_strlen " << program.max_strlen << "\n";
  for (const auto &[name, value] : program.config)
    key << "config " << name.size() << ":" << name << " " << value.size() << ":" << value << "\n";
  for (const auto &arg : positional_args)
    key << "arg " << arg.size() << ":" << arg << "\n";
  key << "pids " << program.child_pid << " " << program.target_pid << "\n";
  if (program.pid_namespace)
    key << "pid_namespace " << program.pid_namespace->device << " " << program.pid_namespace->inode
        << "\n";
  key << "helper_checks " << program.helper_checks << "\n";
  for (const auto &unit : program.units) {
    key << "unit " << unit.function_name;
    for (const auto &target : unit.targets)
      key << " " << target.canonical;
    key << "\n";
  }
  key << "script " << source.name() << "\n" << source.text();
  return key.str();
}

std::string ObjectCache::entryPath(const std::string &key) const {
  return directory_ + "/" + hashHex(key) + ".o";
}

std::optional<CodegenResult> ObjectCache::load(const std::string &key) const {
  std::ifstream file(entryPath(key), std::ios::binary);
  if (!file)
    return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::string_view magic(kMagic);
  if (data.compare(0, magic.size(), magic) != 0)
    return std::nullopt;
  FieldReader fields(std::string_view(data).substr(magic.size()));
  auto stored_key = fields.next();
  auto spans = fields.next();
  auto object = fields.next();
  if (!stored_key || *stored_key != key || !spans || !object || object->empty())
    return std::nullopt;
  CodegenResult code;
  code.object.assign(object->begin(), object->end());
  code.locations = deserializeSpans(*spans);
  return code;
}

void ObjectCache::store(const std::string &key, const CodegenResult &code) const {
  // Only the owner may write entries that later runs load into the kernel.
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  chmod(directory_.c_str(), 0700);
  std::string data(kMagic);
  appendField(data, key.data(), key.size());
  std::string spans = serializeSpans(code.locations);
  appendField(data, spans.data(), spans.size());
  appendField(data, code.object.data(), code.object.size());
  std::string path = entryPath(key);
  std::string temporary = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file.write(data.data(), static_cast<std::streamsize>(data.size())) || !file.flush()) {
      unlink(temporary.c_str());
      return;
    }
  }
  if (rename(temporary.c_str(), path.c_str()) != 0)
    unlink(temporary.c_str());
}

} // namespace bpfscope
