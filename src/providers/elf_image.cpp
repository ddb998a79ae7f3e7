#include "providers/elf_image.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

namespace bpfscope {
namespace {

struct RankedFunction {
  ElfFunction function;
  int rank; // lower is preferred among aliases of one address
};

int bindingRank(unsigned char info) {
  switch (GELF_ST_BIND(info)) {
  case STB_GLOBAL:
    return 0;
  case STB_WEAK:
    return 1;
  default:
    return 2;
  }
}

bool isDefinedFunction(const GElf_Sym &sym) {
  int type = GELF_ST_TYPE(sym.st_info);
  return (type == STT_FUNC || type == STT_GNU_IFUNC) && sym.st_shndx != SHN_UNDEF &&
         sym.st_value != 0;
}

// Calls visit(symbol, name) for each named symbol of a symbol table section.
template <typename Visit>
void forEachSymbol(Elf *elf, Elf_Scn *section, const GElf_Shdr &header, Visit visit) {
  Elf_Data *data = elf_getdata(section, nullptr);
  if (!data || header.sh_entsize == 0)
    return;
  size_t count = header.sh_size / header.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(i), &sym))
      continue;
    const char *name = elf_strptr(elf, header.sh_link, sym.st_name);
    if (name && *name)
      visit(sym, name);
  }
}

void readSymbolTable(Elf *elf, Elf_Scn *section, const GElf_Shdr &header,
                     std::vector<RankedFunction> &out) {
  forEachSymbol(elf, section, header, [&](const GElf_Sym &sym, const char *name) {
    if (isDefinedFunction(sym))
      out.push_back({{name, sym.st_value, sym.st_size}, bindingRank(sym.st_info)});
  });
}

bool isDataSymbol(const GElf_Sym &sym) {
  return GELF_ST_TYPE(sym.st_info) == STT_OBJECT && sym.st_shndx != SHN_UNDEF;
}

void readDataSymbols(Elf *elf, Elf_Scn *section, const GElf_Shdr &header,
                     std::map<std::string, ElfDataSymbol, std::less<>> &out) {
  forEachSymbol(elf, section, header, [&](const GElf_Sym &sym, const char *name) {
    if (isDataSymbol(sym))
      out.emplace(name, ElfDataSymbol{sym.st_value, sym.st_size});
  });
}

void readNotes(Elf_Scn *section, const std::string &section_name, std::vector<ElfNote> &out) {
  Elf_Data *data = elf_getdata(section, nullptr);
  if (!data)
    return;
  const char *bytes = static_cast<const char *>(data->d_buf);
  size_t offset = 0;
  GElf_Nhdr header;
  size_t name_offset = 0;
  size_t desc_offset = 0;
  size_t next;
  while ((next = gelf_getnote(data, offset, &header, &name_offset, &desc_offset)) > 0) {
    std::string owner(bytes + name_offset, header.n_namesz ? header.n_namesz - 1 : 0);
    out.push_back({section_name, std::move(owner), header.n_type,
                   std::string(bytes + desc_offset, header.n_descsz)});
    offset = next;
  }
}

// Notes, section addresses and data symbols, in one pass over the sections.
ElfMetadata readMetadata(Elf *elf) {
  ElfMetadata metadata;
  GElf_Ehdr elf_header;
  metadata.position_independent = gelf_getehdr(elf, &elf_header) && elf_header.e_type == ET_DYN;
  size_t names_index = 0;
  if (elf_getshdrstrndx(elf, &names_index) != 0)
    return metadata;
  Elf_Scn *section = nullptr;
  while ((section = elf_nextscn(elf, section)) != nullptr) {
    GElf_Shdr header;
    if (!gelf_getshdr(section, &header))
      continue;
    const char *name = elf_strptr(elf, names_index, header.sh_name);
    std::string section_name = name ? name : "";
    metadata.section_addresses.emplace(section_name, header.sh_addr);
    if (header.sh_type == SHT_NOTE)
      readNotes(section, section_name, metadata.notes);
    else if (header.sh_type == SHT_SYMTAB || header.sh_type == SHT_DYNSYM)
      readDataSymbols(elf, section, header, metadata.data_symbols);
  }
  return metadata;
}

std::vector<ElfFunction> readFunctions(Elf *elf) {
  std::vector<RankedFunction> ranked;
  Elf_Scn *section = nullptr;
  while ((section = elf_nextscn(elf, section)) != nullptr) {
    GElf_Shdr header;
    if (gelf_getshdr(section, &header) &&
        (header.sh_type == SHT_SYMTAB || header.sh_type == SHT_DYNSYM))
      readSymbolTable(elf, section, header, ranked);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
    return a.function.address != b.function.address ? a.function.address < b.function.address
                                                    : a.rank < b.rank;
  });
  std::vector<ElfFunction> functions;
  for (auto &r : ranked)
    functions.push_back(std::move(r.function));
  return functions;
}

std::vector<ElfSegment> readLoadSegments(Elf *elf) {
  std::vector<ElfSegment> segments;
  size_t count = 0;
  if (elf_getphdrnum(elf, &count) != 0)
    return segments;
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr header;
    if (gelf_getphdr(elf, static_cast<int>(i), &header) && header.p_type == PT_LOAD)
      segments.push_back({header.p_vaddr, header.p_memsz, header.p_offset});
  }
  return segments;
}

std::string sectionName(Elf *elf, const GElf_Shdr &header) {
  size_t names = 0;
  if (elf_getshdrstrndx(elf, &names) != 0)
    return {};
  const char *name = elf_strptr(elf, names, header.sh_name);
  return name ? name : "";
}

std::string buildIdOf(Elf_Data *notes) {
  GElf_Nhdr note;
  size_t name_at = 0, desc_at = 0;
  for (size_t at = 0; (at = gelf_getnote(notes, at, &note, &name_at, &desc_at)) != 0;) {
    if (note.n_type != NT_GNU_BUILD_ID || note.n_namesz != 4 ||
        std::memcmp(static_cast<const char *>(notes->d_buf) + name_at, "GNU", 4) != 0)
      continue;
    auto *bytes = static_cast<const unsigned char *>(notes->d_buf) + desc_at;
    std::string hex;
    for (size_t i = 0; i < note.n_descsz; ++i) {
      static const char digits[] = "0123456789abcdef";
      hex += digits[bytes[i] >> 4];
      hex += digits[bytes[i] & 15];
    }
    return hex;
  }
  return {};
}

ElfDebugLinks readDebugLinks(Elf *elf) {
  ElfDebugLinks links;
  Elf_Scn *section = nullptr;
  while ((section = elf_nextscn(elf, section)) != nullptr) {
    GElf_Shdr header;
    Elf_Data *data = nullptr;
    if (!gelf_getshdr(section, &header) || !(data = elf_getdata(section, nullptr)) || !data->d_buf)
      continue;
    if (header.sh_type == SHT_NOTE && links.build_id.empty())
      links.build_id = buildIdOf(data);
    else if (sectionName(elf, header) == ".gnu_debuglink")
      links.debug_link = std::string(static_cast<const char *>(data->d_buf),
                                     strnlen(static_cast<const char *>(data->d_buf), data->d_size));
  }
  return links;
}

std::shared_ptr<const ElfImage> readImage(const std::string &path, std::string *error) {
  elf_version(EV_CURRENT);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot open " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  std::shared_ptr<const ElfImage> image;
  if (!elf || elf_kind(elf) != ELF_K_ELF)
    *error = path + " is not an ELF file";
  else
    image = std::make_shared<ElfImage>(readFunctions(elf), readLoadSegments(elf), readMetadata(elf),
                                       readDebugLinks(elf));
  if (elf)
    elf_end(elf);
  ::close(fd);
  return image;
}

} // namespace

std::shared_ptr<const ElfImage> ElfImage::load(const std::string &path, std::string *error) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const ElfImage>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(path);
  if (it != cache.end())
    return it->second;
  std::string reason;
  auto image = readImage(path, &reason);
  if (!image) {
    if (error)
      *error = reason;
    return nullptr;
  }
  cache.emplace(path, image);
  return image;
}

bool ElfImage::hasSection(const std::string &path, std::string_view name) {
  elf_version(EV_CURRENT);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  bool found = false;
  Elf_Scn *section = nullptr;
  while (!found && elf && elf_kind(elf) == ELF_K_ELF &&
         (section = elf_nextscn(elf, section)) != nullptr) {
    GElf_Shdr header;
    found = gelf_getshdr(section, &header) && sectionName(elf, header) == name;
  }
  if (elf)
    elf_end(elf);
  ::close(fd);
  return found;
}

ElfImage::ElfImage(std::vector<ElfFunction> functions, std::vector<ElfSegment> segments,
                   ElfMetadata metadata, ElfDebugLinks links)
    : by_address_(std::move(functions)), segments_(std::move(segments)),
      metadata_(std::move(metadata)), links_(std::move(links)) {
  std::stable_sort(by_address_.begin(), by_address_.end(),
                   [](const auto &a, const auto &b) { return a.address < b.address; });
  for (size_t i = 0; i < by_address_.size(); ++i)
    index_by_name_.emplace(by_address_[i].name, i);
  for (const auto &[name, index] : index_by_name_)
    names_.push_back(name);
}

const ElfFunction *ElfImage::findFunction(std::string_view name) const {
  auto it = index_by_name_.find(name);
  return it == index_by_name_.end() ? nullptr : &by_address_[it->second];
}

const ElfFunction *ElfImage::functionAt(uint64_t address) const {
  auto after = std::upper_bound(by_address_.begin(), by_address_.end(), address,
                                [](uint64_t a, const ElfFunction &f) { return a < f.address; });
  if (after == by_address_.begin())
    return nullptr;
  // The preferred alias is the first of the run of symbols at that address.
  uint64_t start = std::prev(after)->address;
  auto first = std::lower_bound(by_address_.begin(), after, start,
                                [](const ElfFunction &f, uint64_t a) { return f.address < a; });
  for (auto it = first; it != after; ++it)
    if (address < it->address + it->size)
      return &*it;
  if (first->size == 0)
    return &*first;
  return nullptr;
}

std::optional<uint64_t> ElfImage::fileOffsetOf(uint64_t address) const {
  for (const auto &s : segments_)
    if (address >= s.address && address < s.address + s.size)
      return address - s.address + s.offset;
  return std::nullopt;
}

std::optional<uint64_t> ElfImage::sectionAddress(std::string_view name) const {
  auto it = metadata_.section_addresses.find(name);
  return it == metadata_.section_addresses.end() ? std::nullopt : std::optional(it->second);
}

std::optional<uint64_t> ElfImage::dataSymbolAddress(std::string_view name) const {
  const ElfDataSymbol *symbol = findDataSymbol(name);
  return symbol ? std::optional(symbol->address) : std::nullopt;
}

const ElfDataSymbol *ElfImage::findDataSymbol(std::string_view name) const {
  auto it = metadata_.data_symbols.find(name);
  return it == metadata_.data_symbols.end() ? nullptr : &it->second;
}

std::optional<uint64_t> ElfImage::addressOfFileOffset(uint64_t offset) const {
  for (const auto &s : segments_)
    if (offset >= s.offset && offset < s.offset + s.size)
      return offset - s.offset + s.address;
  return std::nullopt;
}

} // namespace bpfscope
