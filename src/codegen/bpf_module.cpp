#include "codegen/bpf_module.h"

#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/IntrinsicsBPF.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/Utils/Cloning.h>
#include <llvm/Transforms/Utils/ModuleUtils.h>

#include <algorithm>
#include <mutex>

namespace bpfscope {
namespace {

constexpr const char *kTriple = "bpfel";
// v3 (ALU32, JMP32, atomics) is supported by every kernel this tool targets (5.x+).
constexpr const char *kCpu = "v3";

void initializeBpfTargetOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeBPFTargetInfo();
    LLVMInitializeBPFTarget();
    LLVMInitializeBPFTargetMC();
    LLVMInitializeBPFAsmPrinter();
  });
}

std::unique_ptr<llvm::TargetMachine> createTargetMachine(std::string *error) {
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(kTriple, *error);
  if (!target)
    return nullptr;
  return std::unique_ptr<llvm::TargetMachine>(
      target->createTargetMachine(kTriple, kCpu, "", llvm::TargetOptions(), llvm::Reloc::Static));
}

// Without a handler LLVM prints backend errors (e.g. "BPF stack limit of 512 bytes is
// exceeded") and exits; collecting them lets emitObject() report them instead.
void collectLlvmError(const llvm::DiagnosticInfo &info, void *errors) {
  if (info.getSeverity() != llvm::DS_Error)
    return;
  std::string message;
  llvm::raw_string_ostream out(message);
  llvm::DiagnosticPrinterRawOStream printer(out);
  info.print(printer);
  static_cast<std::vector<std::string> *>(errors)->push_back(out.str());
}

std::string joinLines(const std::vector<std::string> &lines) {
  std::string joined;
  for (const auto &line : lines)
    joined += (joined.empty() ? "" : "\n") + line;
  return joined;
}

} // namespace

BpfModule::BpfModule(const std::string &file_name, const std::string &source,
                     const std::string &license)
    : context_(std::make_unique<llvm::LLVMContext>()),
      module_(std::make_unique<llvm::Module>(file_name, *context_)),
      builder_(std::make_unique<llvm::IRBuilder<>>(*context_)),
      di_(std::make_unique<llvm::DIBuilder>(*module_)) {
  initializeBpfTargetOnce();
  context_->setDiagnosticHandlerCallBack(collectLlvmError, &llvm_errors_);
  target_ = createTargetMachine(&target_error_);
  module_->setTargetTriple(kTriple);
  if (target_)
    module_->setDataLayout(target_->createDataLayout());
  module_->addModuleFlag(llvm::Module::Warning, "Dwarf Version", 5);
  module_->addModuleFlag(llvm::Module::Warning, "Debug Info Version", llvm::DEBUG_METADATA_VERSION);

  std::optional<llvm::StringRef> embedded;
  if (!source.empty())
    embedded = source;
  file_ = di_->createFile(file_name, "", std::nullopt, embedded);
  unit_ = di_->createCompileUnit(llvm::dwarf::DW_LANG_C11, file_, "bpfscope", true, "", 0);
  int_type_ = di_->createBasicType("int", 32, llvm::dwarf::DW_ATE_signed);
  declareLicense(license);
}

// An unfinalized DIBuilder leaks the temporary metadata it made (each
// function's retained-nodes list): a module dropped before optimize(), as on
// an error halfway through codegen, is finalized here.
BpfModule::~BpfModule() {
  finalizeDebugInfo();
}

void BpfModule::finalizeDebugInfo() {
  if (!di_)
    return;
  di_->finalize();
  di_.reset();
}

void BpfModule::declareLicense(const std::string &license) {
  auto *text = llvm::ConstantDataArray::getString(*context_, license);
  auto *section = new llvm::GlobalVariable(*module_, text->getType(), true,
                                           llvm::GlobalValue::ExternalLinkage, text, "LICENSE");
  section->setSection("license");
  llvm::appendToCompilerUsed(*module_, {section});
}

// The BTF shape of libbpf's __uint(name, count): a pointer to an array of `count` ints.
llvm::DIType *BpfModule::intArrayPointerType(uint64_t count) {
  llvm::DINodeArray subscripts = di_->getOrCreateArray({di_->getOrCreateSubrange(0, count)});
  auto *array = di_->createArrayType(32 * count, 32, int_type_, subscripts);
  return di_->createPointerType(array, 64);
}

// A pointer to `struct NAME`, a struct without members: libbpf matches a kfunc
// prototype's struct by kind and name only, and a FWD is another kind.
llvm::DIType *BpfModule::structPointerType(const std::string &name) {
  auto *named = di_->createStructType(unit_, name, file_, 0, 0, 0, llvm::DINode::FlagZero, nullptr,
                                      di_->getOrCreateArray({}));
  return di_->createPointerType(named, 64);
}

llvm::GlobalVariable *BpfModule::declareMap(const std::string &name, uint32_t map_type,
                                            uint32_t key_size, uint32_t value_size,
                                            uint32_t max_entries, uint32_t map_flags) {
  std::vector<std::pair<const char *, uint32_t>> fields = {{"type", map_type},
                                                           {"max_entries", max_entries}};
  if (key_size)
    fields.emplace_back("key_size", key_size);
  if (value_size)
    fields.emplace_back("value_size", value_size);
  if (map_flags)
    fields.emplace_back("map_flags", map_flags);

  std::vector<llvm::Metadata *> members;
  for (const auto &[field, value] : fields) {
    uint64_t offset = 64 * members.size();
    members.push_back(di_->createMemberType(unit_, field, file_, 0, 64, 64, offset,
                                            llvm::DINode::FlagZero, intArrayPointerType(value)));
  }
  auto *struct_type =
      di_->createStructType(unit_, "", file_, 0, 64 * members.size(), 64, llvm::DINode::FlagZero,
                            nullptr, di_->getOrCreateArray(members));

  auto *ptr = llvm::PointerType::get(*context_, 0);
  auto *type = llvm::StructType::get(*context_, std::vector<llvm::Type *>(members.size(), ptr));
  auto *map = new llvm::GlobalVariable(*module_, type, false, llvm::GlobalValue::ExternalLinkage,
                                       llvm::Constant::getNullValue(type), name);
  map->setSection(".maps");
  map->setAlignment(llvm::Align(8));
  map->setDSOLocal(true);
  map->addDebugInfo(
      di_->createGlobalVariableExpression(unit_, name, "", file_, 0, struct_type, false));
  llvm::appendToCompilerUsed(*module_, {map});
  return map;
}

llvm::GlobalVariable *BpfModule::declareStringTable(const std::string &name,
                                                    const std::vector<std::string> &rows,
                                                    uint32_t row_size) {
  if (llvm::GlobalVariable *declared = module_->getNamedGlobal(name))
    return declared;
  std::vector<uint8_t> bytes(rows.size() * row_size, 0);
  for (size_t i = 0; i < rows.size(); ++i)
    std::copy_n(rows[i].begin(), std::min<size_t>(rows[i].size(), row_size - 1),
                bytes.begin() + static_cast<std::ptrdiff_t>(i * row_size));
  auto *data = llvm::ConstantDataArray::get(*context_, bytes);
  auto *table = new llvm::GlobalVariable(*module_, data->getType(), true,
                                         llvm::GlobalValue::InternalLinkage, data, name);
  table->setSection(".rodata");
  table->setAlignment(llvm::Align(8));
  return table;
}

llvm::GlobalVariable *BpfModule::declareData(const std::string &name, const std::string &section,
                                             const std::vector<uint8_t> &initial) {
  llvm::Constant *value = llvm::ConstantDataArray::get(*context_, llvm::ArrayRef(initial));
  // External linkage: the optimizer must not drop a global the programs only write.
  auto *data = new llvm::GlobalVariable(*module_, value->getType(), false,
                                        llvm::GlobalValue::ExternalLinkage, value, name);
  data->setSection(section);
  data->setAlignment(llvm::Align(8));
  data->setDSOLocal(true);
  return data;
}

llvm::GlobalVariable *BpfModule::declareRingBuffer(const std::string &name, uint32_t bytes) {
  return declareMap(name, BPF_MAP_TYPE_RINGBUF, 0, 0, bytes);
}

llvm::Function *BpfModule::beginProgram(const std::string &name, const std::string &section,
                                        unsigned line) {
  auto *ptr = llvm::PointerType::get(*context_, 0);
  auto *type = llvm::FunctionType::get(builder_->getInt32Ty(), {ptr}, false);
  program_ = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, *module_);
  program_->setSection(section);
  program_->setDSOLocal(true);
  program_->addFnAttr(llvm::Attribute::NoUnwind);
  program_->getArg(0)->setName("ctx");

  auto *void_ptr = di_->createPointerType(nullptr, 64);
  auto *di_type = di_->createSubroutineType(di_->getOrCreateTypeArray({int_type_, void_ptr}));
  subprogram_ = di_->createFunction(
      file_, name, "", file_, line, di_type, line, llvm::DINode::FlagPrototyped,
      llvm::DISubprogram::SPFlagDefinition | llvm::DISubprogram::SPFlagOptimized);
  // A retained parameter variable gives the BTF FUNC_PROTO its argument name.
  di_->createParameterVariable(subprogram_, "ctx", 1, file_, line, void_ptr, true);
  program_->setSubprogram(subprogram_);
  llvm::appendToCompilerUsed(*module_, {program_});

  builder_->SetInsertPoint(llvm::BasicBlock::Create(*context_, "entry", program_));
  setLocation(line, 0);
  return program_;
}

llvm::Function *BpfModule::buildCallback(const std::string &name,
                                         const std::function<void(llvm::Function *)> &body,
                                         const std::vector<std::string> &arg_names) {
  auto *ptr = llvm::PointerType::get(*context_, 0);
  std::vector<llvm::Type *> params(arg_names.size(), ptr);
  auto *type = llvm::FunctionType::get(builder_->getInt64Ty(), params, /*isVarArg=*/false);
  auto *callback = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage, name, *module_);
  callback->setSection(".text");
  callback->addFnAttr(llvm::Attribute::NoUnwind);
  callback->addFnAttr(llvm::Attribute::NoInline);

  unsigned line = builder_->getCurrentDebugLocation().getLine();
  auto *void_ptr = di_->createPointerType(nullptr, 64);
  auto *long_type = di_->createBasicType("long", 64, llvm::dwarf::DW_ATE_signed);
  std::vector<llvm::Metadata *> di_params(arg_names.size() + 1, void_ptr);
  di_params[0] = long_type;
  auto *di_type = di_->createSubroutineType(di_->getOrCreateTypeArray(di_params));
  auto *subprogram = di_->createFunction(
      file_, name, "", file_, line, di_type, line, llvm::DINode::FlagPrototyped,
      llvm::DISubprogram::SPFlagDefinition | llvm::DISubprogram::SPFlagOptimized |
          llvm::DISubprogram::SPFlagLocalToUnit);
  for (unsigned i = 0; i < arg_names.size(); ++i) {
    callback->getArg(i)->setName(arg_names[i]);
    di_->createParameterVariable(subprogram, arg_names[i], i + 1, file_, line, void_ptr, true);
  }
  callback->setSubprogram(subprogram);

  auto saved_ip = builder_->saveIP();
  llvm::DebugLoc saved_location = builder_->getCurrentDebugLocation();
  llvm::Function *saved_program = program_;
  llvm::DISubprogram *saved_subprogram = subprogram_;
  program_ = callback;
  subprogram_ = subprogram;
  builder_->SetInsertPoint(llvm::BasicBlock::Create(*context_, "entry", callback));
  setLocation(line, 0);
  body(callback);
  program_ = saved_program;
  subprogram_ = saved_subprogram;
  builder_->restoreIP(saved_ip);
  builder_->SetCurrentDebugLocation(saved_location);
  return callback;
}

llvm::Value *BpfModule::ctx() {
  return program_ ? program_->getArg(0) : nullptr;
}

void BpfModule::setLocation(unsigned line, unsigned column) {
  if (subprogram_)
    builder_->SetCurrentDebugLocation(llvm::DILocation::get(*context_, line, column, subprogram_));
}

llvm::AllocaInst *BpfModule::createEntryAlloca(llvm::Type *type, const llvm::Twine &name) {
  llvm::BasicBlock &entry = program_->getEntryBlock();
  llvm::IRBuilder<> entry_builder(&entry, entry.begin());
  return entry_builder.CreateAlloca(type, nullptr, name);
}

llvm::Value *BpfModule::callHelper(unsigned id, llvm::Type *ret, llvm::ArrayRef<llvm::Value *> args,
                                   const llvm::Twine &name) {
  std::vector<llvm::Type *> arg_types;
  for (llvm::Value *arg : args)
    arg_types.push_back(arg->getType());
  auto *type = llvm::FunctionType::get(ret, arg_types, false);
  // The BPF backend turns a call through the helper's id cast to a pointer into `call id`.
  auto *callee =
      llvm::ConstantExpr::getIntToPtr(builder_->getInt64(id), llvm::PointerType::get(*context_, 0));
  llvm::CallInst *call = builder_->CreateCall(type, callee, args, name);
  if (observer_ && !observing_) {
    observing_ = true;
    observer_(id, call);
    observing_ = false;
  }
  return call;
}

llvm::Value *BpfModule::asPointer(llvm::Value *v) {
  if (v->getType()->isPointerTy())
    return v;
  return builder_->CreateIntToPtr(asInt64(v), llvm::PointerType::get(*context_, 0));
}

llvm::Value *BpfModule::asInt64(llvm::Value *v) {
  if (v->getType()->isPointerTy())
    return builder_->CreatePtrToInt(v, builder_->getInt64Ty());
  return builder_->CreateZExtOrTrunc(v, builder_->getInt64Ty());
}

llvm::Value *BpfModule::callHelper64(unsigned id, llvm::ArrayRef<llvm::Value *> args) {
  return callHelper(id, builder_->getInt64Ty(), args);
}

llvm::Value *BpfModule::mapLookup(llvm::Value *map, llvm::Value *key) {
  return callHelper(BPF_FUNC_map_lookup_elem, llvm::PointerType::get(*context_, 0),
                    {map, asPointer(key)});
}

llvm::Value *BpfModule::mapUpdate(llvm::Value *map, llvm::Value *key, llvm::Value *value,
                                  uint64_t flags) {
  return callHelper64(BPF_FUNC_map_update_elem,
                      {map, asPointer(key), asPointer(value), builder_->getInt64(flags)});
}

llvm::Value *BpfModule::mapDelete(llvm::Value *map, llvm::Value *key) {
  return callHelper64(BPF_FUNC_map_delete_elem, {map, asPointer(key)});
}

llvm::Value *BpfModule::forEachMapElem(llvm::Value *map, llvm::Function *callback,
                                       llvm::Value *ctx) {
  return callHelper64(BPF_FUNC_for_each_map_elem,
                      {map, callback, asPointer(ctx), builder_->getInt64(0)});
}

llvm::Value *BpfModule::loop(llvm::Value *count, llvm::Function *callback, llvm::Value *ctx) {
  return callHelper64(BPF_FUNC_loop,
                      {asInt64(count), callback, asPointer(ctx), builder_->getInt64(0)});
}

llvm::Value *BpfModule::ringbufOutput(llvm::Value *map, llvm::Value *data, llvm::Value *size,
                                      uint64_t flags) {
  return ringbufOutput(map, data, size, builder_->getInt64(flags));
}

llvm::Value *BpfModule::ringbufOutput(llvm::Value *map, llvm::Value *data, llvm::Value *size,
                                      llvm::Value *flags) {
  return callHelper64(BPF_FUNC_ringbuf_output, {map, asPointer(data), asInt64(size), flags});
}

llvm::Value *BpfModule::ringbufQuery(llvm::Value *map, uint64_t flags) {
  return callHelper64(BPF_FUNC_ringbuf_query, {map, builder_->getInt64(flags)});
}

llvm::Value *BpfModule::getCurrentPidTgid() {
  return callHelper64(BPF_FUNC_get_current_pid_tgid, {});
}
// The helper fills a struct bpf_pidns_info {u32 pid; u32 tgid;}, which read
// as one little-endian u64 is laid out as pid_tgid is; on failure it zeroes it.
llvm::Value *BpfModule::getNsCurrentPidTgid(uint64_t device, uint64_t inode) {
  llvm::AllocaInst *info = createEntryAlloca(builder_->getInt64Ty(), "pidns_info");
  callHelper64(BPF_FUNC_get_ns_current_pid_tgid,
               {builder_->getInt64(device), builder_->getInt64(inode), info,
                builder_->getInt64(sizeof(uint64_t))});
  return builder_->CreateLoad(builder_->getInt64Ty(), info);
}

llvm::Value *BpfModule::getCurrentUidGid() {
  return callHelper64(BPF_FUNC_get_current_uid_gid, {});
}
llvm::Value *BpfModule::getCurrentTask() {
  return callHelper64(BPF_FUNC_get_current_task, {});
}
llvm::Value *BpfModule::ktimeGetNs() {
  return callHelper64(BPF_FUNC_ktime_get_ns, {});
}
llvm::Value *BpfModule::ktimeGetBootNs() {
  return callHelper64(BPF_FUNC_ktime_get_boot_ns, {});
}
llvm::Value *BpfModule::ktimeGetTaiNs() {
  return callHelper64(BPF_FUNC_ktime_get_tai_ns, {});
}
llvm::Value *BpfModule::getSmpProcessorId() {
  return callHelper64(BPF_FUNC_get_smp_processor_id, {});
}
llvm::Value *BpfModule::getPrandomU32() {
  return callHelper64(BPF_FUNC_get_prandom_u32, {});
}

llvm::Value *BpfModule::getCurrentComm(llvm::Value *buf, llvm::Value *size) {
  return callHelper64(BPF_FUNC_get_current_comm, {asPointer(buf), asInt64(size)});
}

llvm::Value *BpfModule::getStackId(llvm::Value *ctx, llvm::Value *stack_map, uint64_t flags) {
  return callHelper64(BPF_FUNC_get_stackid, {asPointer(ctx), stack_map, builder_->getInt64(flags)});
}

llvm::Value *BpfModule::probeReadKernel(llvm::Value *dst, llvm::Value *size, llvm::Value *src) {
  return callHelper64(BPF_FUNC_probe_read_kernel, {asPointer(dst), asInt64(size), asPointer(src)});
}

llvm::Value *BpfModule::probeReadUser(llvm::Value *dst, llvm::Value *size, llvm::Value *src) {
  return callHelper64(BPF_FUNC_probe_read_user, {asPointer(dst), asInt64(size), asPointer(src)});
}

llvm::Value *BpfModule::probeReadKernelStr(llvm::Value *dst, llvm::Value *size, llvm::Value *src) {
  return callHelper64(BPF_FUNC_probe_read_kernel_str,
                      {asPointer(dst), asInt64(size), asPointer(src)});
}

void BpfModule::unobserved(const std::function<void()> &build) {
  bool was_observing = observing_;
  observing_ = true;
  build();
  observing_ = was_observing;
}

void BpfModule::zeroMemory(llvm::Value *dst, llvm::Value *size) {
  unobserved([&] { probeReadKernel(dst, size, builder_->getInt64(0)); });
}

llvm::Value *BpfModule::addressAsScalar(llvm::Value *pointer) {
  llvm::AllocaInst *spill = createEntryAlloca(builder_->getPtrTy(), "pointer_spill");
  llvm::AllocaInst *copy = createEntryAlloca(builder_->getInt64Ty(), "pointer_value");
  builder_->CreateStore(pointer, spill);
  unobserved([&] { probeReadKernel(copy, builder_->getInt64(8), spill); });
  return builder_->CreateLoad(builder_->getInt64Ty(), copy);
}

llvm::Value *BpfModule::unhoisted(llvm::Value *value) {
  llvm::Function *passthrough = llvm::Intrinsic::getDeclaration(
      module_.get(), llvm::Intrinsic::bpf_passthrough, {value->getType(), value->getType()});
  return builder_->CreateCall(passthrough, {builder_->getInt32(passthrough_count_++), value});
}

llvm::Value *BpfModule::probeReadEither(llvm::Value *dst, llvm::Value *size, llvm::Value *src) {
  return callHelper64(BPF_FUNC_probe_read, {asPointer(dst), asInt64(size), asPointer(src)});
}

llvm::Value *BpfModule::probeReadEitherStr(llvm::Value *dst, llvm::Value *size, llvm::Value *src) {
  return callHelper64(BPF_FUNC_probe_read_str, {asPointer(dst), asInt64(size), asPointer(src)});
}

llvm::Value *BpfModule::probeReadUserStr(llvm::Value *dst, llvm::Value *size, llvm::Value *src) {
  return callHelper64(BPF_FUNC_probe_read_user_str,
                      {asPointer(dst), asInt64(size), asPointer(src)});
}

// The BPF backend writes BTF for a called external function that has a
// (non-definition) subprogram: a FUNC of extern linkage, listed in the DATASEC
// of the function's section. libbpf reads ".ksyms" entries as kernel symbols.
llvm::Function *BpfModule::kernelFunction(const std::string &name, llvm::FunctionType *type,
                                          llvm::ArrayRef<llvm::Metadata *> di_types) {
  if (llvm::Function *declared = module_->getFunction(name))
    return declared;
  auto *function = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, *module_);
  function->setSection(".ksyms");
  auto *di_type = di_->createSubroutineType(di_->getOrCreateTypeArray(di_types));
  llvm::DISubprogram *declaration =
      di_->createFunction(file_, name, "", file_, 0, di_type, 0, llvm::DINode::FlagPrototyped,
                          llvm::DISubprogram::SPFlagZero);
  di_->finalizeSubprogram(declaration); // finalize() completes definitions only
  function->setSubprogram(declaration);
  return function;
}

llvm::Value *BpfModule::taskFromPid(llvm::Value *pid) {
  auto *type = llvm::FunctionType::get(builder_->getPtrTy(), {builder_->getInt32Ty()}, false);
  llvm::Function *function =
      kernelFunction("bpf_task_from_pid", type, {structPointerType("task_struct"), int_type_});
  return builder_->CreateCall(function, {builder_->CreateTrunc(pid, builder_->getInt32Ty())});
}

void BpfModule::taskRelease(llvm::Value *task) {
  auto *type = llvm::FunctionType::get(builder_->getVoidTy(), {builder_->getPtrTy()}, false);
  llvm::Function *function =
      kernelFunction("bpf_task_release", type, {nullptr, structPointerType("task_struct")});
  builder_->CreateCall(function, {task});
}

// The debug type of a kernel variable with these layers: unnamed, memberless
// structs, unions and enums of the kernel's sizes, since libbpf compares a
// typed ksym with the kernel's variable by kinds alone.
llvm::DIType *BpfModule::kernelVariableType(llvm::ArrayRef<KernelTypeLayer> layers) {
  using Kind = KernelTypeLayer::Kind;
  const KernelTypeLayer &outer = layers.front();
  uint64_t bits = 8 * uint64_t{outer.size};
  llvm::DINodeArray none = di_->getOrCreateArray({});
  switch (outer.kind) {
  case Kind::Void:
    return nullptr;
  case Kind::Pointer:
    return di_->createPointerType(kernelVariableType(layers.drop_front()), 64);
  case Kind::Array: {
    const KernelTypeLayer &element = layers[1];
    uint32_t element_size = element.kind == Kind::Pointer ? 8 : element.size;
    int64_t count = element_size ? outer.size / element_size : 0;
    llvm::DINodeArray subscripts = di_->getOrCreateArray({di_->getOrCreateSubrange(0, count)});
    return di_->createArrayType(bits, 8, kernelVariableType(layers.drop_front()), subscripts);
  }
  case Kind::Struct:
    return di_->createStructType(unit_, "", file_, 0, bits, 8, llvm::DINode::FlagZero, nullptr,
                                 none);
  case Kind::Union:
    return di_->createUnionType(unit_, "", file_, 0, bits, 8, llvm::DINode::FlagZero, none);
  case Kind::Enum:
    return di_->createEnumerationType(unit_, "", file_, 0, bits, 8, none, int_type_);
  case Kind::Integer:
    return di_->createBasicType("int" + std::to_string(bits), bits, llvm::dwarf::DW_ATE_signed);
  case Kind::Float:
    return di_->createBasicType("float" + std::to_string(bits), bits, llvm::dwarf::DW_ATE_float);
  }
  return nullptr;
}

llvm::GlobalVariable *BpfModule::kernelVariable(const std::string &name,
                                                const std::vector<KernelTypeLayer> &layers) {
  if (llvm::GlobalVariable *declared = module_->getNamedGlobal(name))
    return declared;
  auto *type = llvm::ArrayType::get(builder_->getInt8Ty(), std::max(layers.front().size, 1u));
  auto *variable = new llvm::GlobalVariable(*module_, type, true,
                                            llvm::GlobalValue::ExternalLinkage, nullptr, name);
  variable->setSection(".ksyms");
  variable->addDebugInfo(di_->createGlobalVariableExpression(
      unit_, name, "", file_, 0, kernelVariableType(layers), false, false));
  return variable;
}

llvm::Value *BpfModule::thisCpuPointer(llvm::Value *variable) {
  return callHelper(BPF_FUNC_this_cpu_ptr, builder_->getPtrTy(), {variable});
}

llvm::Value *BpfModule::perCpuPointer(llvm::Value *variable, llvm::Value *cpu) {
  return callHelper(BPF_FUNC_per_cpu_ptr, builder_->getPtrTy(),
                    {variable, builder_->CreateZExtOrTrunc(cpu, builder_->getInt32Ty())});
}

bool BpfModule::optimize(std::string *error) {
  if (optimized_)
    return true;
  if (!target_) {
    *error = "the LLVM BPF target is unavailable: " + target_error_;
    return false;
  }
  finalizeDebugInfo();
  std::string message;
  llvm::raw_string_ostream out(message);
  bool broken_debug_info = false;
  if (llvm::verifyModule(*module_, &out, &broken_debug_info) || broken_debug_info) {
    *error = "invalid LLVM IR: " + out.str();
    return false;
  }

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  // The PassBuilder adds the BPF target's own IR passes (e.g. BPFAdjustOpt, which keeps
  // the optimizer from producing code the verifier rejects).
  llvm::PassBuilder passes(target_.get());
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);
  passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(*module_, modules);
  optimized_ = true;
  return true;
}

// Code generation runs on a copy so that the module can be emitted more than once
// (e.g. -d asm followed by loading).
bool BpfModule::codegen(bool assembly, llvm::SmallVectorImpl<char> &out, std::string *error) {
  if (!optimize(error))
    return false;
  std::unique_ptr<llvm::Module> copy = llvm::CloneModule(*module_);
  llvm::raw_svector_ostream stream(out);
  llvm::legacy::PassManager passes;
  auto file_type = assembly ? llvm::CGFT_AssemblyFile : llvm::CGFT_ObjectFile;
  if (target_->addPassesToEmitFile(passes, stream, nullptr, file_type)) {
    *error = "the LLVM BPF target cannot emit this file type";
    return false;
  }
  llvm_errors_.clear();
  passes.run(*copy);
  if (!llvm_errors_.empty()) {
    *error = joinLines(llvm_errors_);
    return false;
  }
  return true;
}

std::vector<uint8_t> BpfModule::emitObject(std::string *error) {
  llvm::SmallVector<char, 0> object;
  if (!codegen(false, object, error))
    return {};
  return std::vector<uint8_t>(object.begin(), object.end());
}

std::string BpfModule::printIR() const {
  std::string text;
  llvm::raw_string_ostream out(text);
  module_->print(out, nullptr);
  return out.str();
}

std::string BpfModule::printAssembly(std::string *error) {
  llvm::SmallVector<char, 0> text;
  if (!codegen(true, text, error))
    return {};
  return std::string(text.begin(), text.end());
}

} // namespace bpfscope
