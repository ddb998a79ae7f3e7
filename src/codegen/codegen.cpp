#include "codegen/codegen.h"

#include "codegen/async_event.h"
#include "codegen/bpf_module.h"
#include "codegen/failure_counters.h"
#include "codegen/map_limit.h"
#include "codegen/program_emitter.h"

namespace bpfscope {
namespace {

constexpr uint32_t kRingBufferBytes = 1 << 20;

llvm::GlobalVariable *declareUserMap(BpfModule &module, const MapInfo &map) {
  uint32_t key_size = map.key.size + (map.value.isKeyedByBucket() ? 8 : 0);
  uint32_t type = map.value.isPerCpu() ? BPF_MAP_TYPE_PERCPU_HASH : BPF_MAP_TYPE_HASH;
  if (map.bpf_map_type != 0)
    type = map.bpf_map_type;
  // Preallocating every per-CPU slot of every key costs milliseconds per map at
  // start; aggregations insert a key once and then update it in place.
  uint32_t flags = type == BPF_MAP_TYPE_PERCPU_HASH ? BPF_F_NO_PREALLOC : 0;
  return module.declareMap(map.objectName(), type, key_size, map.value.size, map.max_entries,
                           flags);
}

} // namespace

std::optional<CodegenResult> generate(const CheckedProgram &program, Diagnostics &diags,
                                      CodegenDump dump) {
  const SourceFile &source = diags.source();
  auto license = program.config.find("license");
  BpfModule module(source.name(), source.text(),
                   license != program.config.end() ? license->second : "GPL");
  ObjectMaps maps;
  for (const auto &map : program.maps)
    maps.user[map.name] = declareUserMap(module, map);
  maps.events = module.declareRingBuffer(async::kRingBufferMapName, kRingBufferBytes);
  maps.start_time = module.declareMap(objects::kStartTimeMap, BPF_MAP_TYPE_ARRAY, 4, 8, 1);
  maps.lost_events = module.declareMap(objects::kLostEventsMap, BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1);
  const TargetNameTable &names = program.target_names;
  if (!names.rows.empty())
    maps.target_names =
        module.declareMap(objects::kTargetNamesMap, BPF_MAP_TYPE_ARRAY, 4, names.rowSize(),
                          static_cast<uint32_t>(names.rows.size()));

  FailureCounters failures(module);
  if (program.helper_checks == 0)
    maps.failures = &failures;

  CodegenResult result;
  ProgramEmitter emitter(module, program, maps, source, result.locations);
  for (const auto &unit : program.units)
    emitter.emit(unit);
  failures.finish();
  if (!checkMapsPerProgram(module.module(), program, result.locations, diags))
    return std::nullopt;

  std::string error;
  if (dump == CodegenDump::IR) {
    if (!module.optimize(&error)) {
      diags.error("internal error: generated code is invalid: " + error,
                  "please report this script as a bpfscope bug");
      return std::nullopt;
    }
    result.ir = module.printIR();
  }
  if (dump == CodegenDump::Asm)
    result.assembly = module.printAssembly(&error);
  if (error.empty())
    result.object = module.emitObject(&error);
  if (!error.empty()) {
    diags.error("internal error: generated code is invalid: " + error,
                "please report this script as a bpfscope bug");
    return std::nullopt;
  }
  return result;
}

std::string codeGeneratorPath() {
  return "/proc/self/exe";
}

} // namespace bpfscope
