#include "codegen/bpf_module.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace bpfscope {
namespace {

constexpr uint64_t kRecordMagic = 0x1122334455667788ULL;

struct ObjectCloser {
  void operator()(bpf_object *obj) const { bpf_object__close(obj); }
};
using ObjectPtr = std::unique_ptr<bpf_object, ObjectCloser>;

ObjectPtr openObject(const std::vector<uint8_t> &object) {
  return ObjectPtr(bpf_object__open_mem(object.data(), object.size(), nullptr));
}

// Builds `then_body` in a block that runs only when `ptr` is not null.
template <typename Body> void ifNotNull(BpfModule &m, llvm::Value *ptr, Body then_body) {
  auto &b = m.builder();
  auto *then_block = llvm::BasicBlock::Create(m.context(), "not_null", m.program());
  auto *done = llvm::BasicBlock::Create(m.context(), "done", m.program());
  b.CreateCondBr(b.CreateIsNull(ptr), done, then_block);
  b.SetInsertPoint(then_block);
  then_body();
  b.CreateBr(done);
  b.SetInsertPoint(done);
}

// Script lines (for debug locations):
//   1 raw_tp/test {
//   2   @counts[7]++;
//   3   @scratch[0]++;
//   4   emit(magic, pid_tgid);
//   5 }
const char *kScript = "raw_tp/test {\n  @counts[7]++;\n  @scratch[0]++;\n"
                      "  emit(magic, pid_tgid);\n}\n";

// The program of the lead's future `@counts[7]++; @scratch[0]++; emit(...)`:
// a u64->u64 hash counter, a per-CPU array slot and a 16-byte ring buffer record.
void buildCounterModule(BpfModule &m) {
  auto *counts = m.declareMap("counts", BPF_MAP_TYPE_HASH, 8, 8, 16);
  auto *scratch = m.declareMap("scratch", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2);
  auto *events = m.declareRingBuffer("events", 4096 * 4);
  m.beginProgram("count_and_emit", "raw_tp/test", 1);
  auto &b = m.builder();
  auto *i64 = b.getInt64Ty();

  m.setLocation(2, 3);
  auto *key = m.createEntryAlloca(i64, "key");
  b.CreateStore(b.getInt64(7), key);
  auto *count = m.mapLookup(counts, key);
  auto *absent = b.CreateIsNull(count);
  auto *insert = llvm::BasicBlock::Create(m.context(), "insert", m.program());
  auto *increment = llvm::BasicBlock::Create(m.context(), "increment", m.program());
  auto *counted = llvm::BasicBlock::Create(m.context(), "counted", m.program());
  b.CreateCondBr(absent, insert, increment);
  b.SetInsertPoint(insert);
  auto *one = m.createEntryAlloca(i64, "one");
  b.CreateStore(b.getInt64(1), one);
  m.mapUpdate(counts, key, one, BPF_NOEXIST);
  b.CreateBr(counted);
  b.SetInsertPoint(increment);
  b.CreateAtomicRMW(llvm::AtomicRMWInst::Add, count, b.getInt64(1), llvm::Align(8),
                    llvm::AtomicOrdering::Monotonic);
  b.CreateBr(counted);
  b.SetInsertPoint(counted);

  m.setLocation(3, 3);
  auto *slot_key = m.createEntryAlloca(b.getInt32Ty(), "slot_key");
  b.CreateStore(b.getInt32(0), slot_key);
  auto *slot = m.mapLookup(scratch, slot_key);
  ifNotNull(m, slot,
            [&] { b.CreateStore(b.CreateAdd(b.CreateLoad(i64, slot), b.getInt64(1)), slot); });

  m.setLocation(4, 3);
  auto *record_type = llvm::ArrayType::get(i64, 2);
  auto *record = m.createEntryAlloca(record_type, "record");
  b.CreateStore(b.getInt64(kRecordMagic), b.CreateConstInBoundsGEP2_32(record_type, record, 0, 0));
  b.CreateStore(m.getCurrentPidTgid(), b.CreateConstInBoundsGEP2_32(record_type, record, 0, 1));
  m.ringbufOutput(events, record, b.getInt64(16));
  b.CreateRet(b.getInt32(0));
}

std::vector<uint8_t> emitCounterObject() {
  BpfModule m("script.bt", kScript);
  buildCounterModule(m);
  std::string error;
  auto object = m.emitObject(&error);
  EXPECT_EQ(error, "");
  return object;
}

TEST(BpfModule, EmitsObjectLibbpfOpens) {
  auto object = emitCounterObject();
  ASSERT_GT(object.size(), 4u);
  EXPECT_EQ(std::memcmp(object.data(),
                        "\x7f"
                        "ELF",
                        4),
            0);

  ObjectPtr obj = openObject(object);
  ASSERT_NE(obj, nullptr);
  bpf_map *counts = bpf_object__find_map_by_name(obj.get(), "counts");
  ASSERT_NE(counts, nullptr);
  EXPECT_EQ(bpf_map__type(counts), BPF_MAP_TYPE_HASH);
  EXPECT_EQ(bpf_map__key_size(counts), 8u);
  EXPECT_EQ(bpf_map__value_size(counts), 8u);
  EXPECT_EQ(bpf_map__max_entries(counts), 16u);
  bpf_map *scratch = bpf_object__find_map_by_name(obj.get(), "scratch");
  ASSERT_NE(scratch, nullptr);
  EXPECT_EQ(bpf_map__type(scratch), BPF_MAP_TYPE_PERCPU_ARRAY);
  EXPECT_EQ(bpf_map__key_size(scratch), 4u);
  bpf_map *events = bpf_object__find_map_by_name(obj.get(), "events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(bpf_map__type(events), BPF_MAP_TYPE_RINGBUF);
  EXPECT_EQ(bpf_map__max_entries(events), 16384u);

  bpf_program *prog = bpf_object__find_program_by_name(obj.get(), "count_and_emit");
  ASSERT_NE(prog, nullptr);
  EXPECT_STREQ(bpf_program__section_name(prog), "raw_tp/test");
  EXPECT_EQ(bpf_program__type(prog), BPF_PROG_TYPE_RAW_TRACEPOINT);
}

TEST(BpfModule, MapFlagsReachLibbpf) {
  BpfModule m("flags.bt");
  m.declareMap("lazy", BPF_MAP_TYPE_PERCPU_HASH, 16, 24, 128, BPF_F_NO_PREALLOC);
  std::string error;
  auto object = m.emitObject(&error);
  ASSERT_EQ(error, "");
  ObjectPtr obj = openObject(object);
  ASSERT_NE(obj, nullptr);
  bpf_map *lazy = bpf_object__find_map_by_name(obj.get(), "lazy");
  ASSERT_NE(lazy, nullptr);
  EXPECT_EQ(bpf_map__type(lazy), BPF_MAP_TYPE_PERCPU_HASH);
  EXPECT_EQ(bpf_map__key_size(lazy), 16u);
  EXPECT_EQ(bpf_map__value_size(lazy), 24u);
  EXPECT_EQ(bpf_map__map_flags(lazy), static_cast<uint32_t>(BPF_F_NO_PREALLOC));
}

TEST(BpfModule, EachProgramGetsItsOwnSection) {
  BpfModule m("two.bt");
  for (const char *name : {"begin", "end"}) {
    m.beginProgram(name, std::string("raw_tp/") + name);
    m.builder().CreateRet(m.builder().getInt32(0));
  }
  std::string error;
  auto object = m.emitObject(&error);
  ASSERT_EQ(error, "");
  ObjectPtr obj = openObject(object);
  ASSERT_NE(obj, nullptr);
  bpf_program *begin = bpf_object__find_program_by_name(obj.get(), "begin");
  bpf_program *end = bpf_object__find_program_by_name(obj.get(), "end");
  ASSERT_NE(begin, nullptr);
  ASSERT_NE(end, nullptr);
  EXPECT_STREQ(bpf_program__section_name(begin), "raw_tp/begin");
  EXPECT_STREQ(bpf_program__section_name(end), "raw_tp/end");
}

TEST(BpfModule, PrintsIrAndAssembly) {
  BpfModule m("script.bt", kScript);
  buildCounterModule(m);
  std::string ir = m.printIR();
  EXPECT_NE(ir.find("section \"raw_tp/test\""), std::string::npos);
  EXPECT_NE(ir.find("call ptr inttoptr (i64 1 to ptr)"), std::string::npos);
  std::string error;
  std::string assembly = m.printAssembly(&error);
  EXPECT_EQ(error, "");
  EXPECT_NE(assembly.find("call 1\n"), std::string::npos);   // map_lookup_elem
  EXPECT_NE(assembly.find("call 130\n"), std::string::npos); // ringbuf_output
  // Emitting after printing the assembly still works.
  EXPECT_FALSE(m.emitObject(&error).empty());
  EXPECT_EQ(error, "");
}

TEST(BpfModule, InvalidIrIsAnErrorNotACrash) {
  BpfModule m("bad.bt");
  m.beginProgram("no_terminator", "raw_tp/test");
  std::string error;
  EXPECT_TRUE(m.emitObject(&error).empty());
  EXPECT_NE(error.find("invalid LLVM IR"), std::string::npos) << error;
  EXPECT_NE(error.find("does not have terminator"), std::string::npos) << error;
}

TEST(BpfModule, StackOverflowIsAnErrorNotACrash) {
  BpfModule m("big.bt");
  m.beginProgram("big_stack", "raw_tp/test");
  auto &b = m.builder();
  auto *buffer = m.createEntryAlloca(llvm::ArrayType::get(b.getInt8Ty(), 600), "buffer");
  m.getCurrentComm(buffer, b.getInt32(600));
  b.CreateRet(b.getInt32(0));
  std::string error;
  EXPECT_TRUE(m.emitObject(&error).empty());
  EXPECT_NE(error.find("stack limit"), std::string::npos) << error;
}

class BpfModuleKernel : public ::testing::Test {
protected:
  void SetUp() override {
    if (geteuid() != 0)
      GTEST_SKIP() << "loading BPF programs needs root";
  }
};

int collectRecord(void *records, void *data, size_t size) {
  auto *bytes = static_cast<uint8_t *>(data);
  static_cast<std::vector<std::vector<uint8_t>> *>(records)->emplace_back(bytes, bytes + size);
  return 0;
}

TEST_F(BpfModuleKernel, LoadsAndRunsCounterProgram) {
  auto object = emitCounterObject();
  ObjectPtr obj = openObject(object);
  ASSERT_NE(obj, nullptr);
  ASSERT_EQ(bpf_object__load(obj.get()), 0);
  bpf_program *prog = bpf_object__find_program_by_name(obj.get(), "count_and_emit");
  int prog_fd = bpf_program__fd(prog);

  bpf_prog_info info = {};
  uint32_t info_len = sizeof(info);
  ASSERT_EQ(bpf_obj_get_info_by_fd(prog_fd, &info, &info_len), 0);
  EXPECT_EQ(info.nr_func_info, 1u);
  EXPECT_GT(info.nr_line_info, 0u);

  for (int i = 0; i < 3; i++) {
    LIBBPF_OPTS(bpf_test_run_opts, opts);
    ASSERT_EQ(bpf_prog_test_run_opts(prog_fd, &opts), 0);
    EXPECT_EQ(opts.retval, 0u);
  }

  uint64_t key = 7, count = 0;
  int counts_fd = bpf_map__fd(bpf_object__find_map_by_name(obj.get(), "counts"));
  ASSERT_EQ(bpf_map_lookup_elem(counts_fd, &key, &count), 0);
  EXPECT_EQ(count, 3u);

  int cpus = libbpf_num_possible_cpus();
  ASSERT_GT(cpus, 0);
  std::vector<uint64_t> slots(cpus);
  uint32_t slot_key = 0;
  int scratch_fd = bpf_map__fd(bpf_object__find_map_by_name(obj.get(), "scratch"));
  ASSERT_EQ(bpf_map_lookup_elem(scratch_fd, &slot_key, slots.data()), 0);
  uint64_t sum = 0;
  for (uint64_t slot : slots)
    sum += slot;
  EXPECT_EQ(sum, 3u);

  std::vector<std::vector<uint8_t>> records;
  int events_fd = bpf_map__fd(bpf_object__find_map_by_name(obj.get(), "events"));
  ring_buffer *ring = ring_buffer__new(events_fd, collectRecord, &records, nullptr);
  ASSERT_NE(ring, nullptr);
  EXPECT_EQ(ring_buffer__consume(ring), 3);
  ring_buffer__free(ring);
  uint64_t pid_tgid = (static_cast<uint64_t>(getpid()) << 32) | static_cast<uint64_t>(gettid());
  ASSERT_EQ(records.size(), 3u);
  for (const auto &record : records) {
    ASSERT_EQ(record.size(), 16u);
    uint64_t fields[2];
    std::memcpy(fields, record.data(), sizeof(fields));
    EXPECT_EQ(fields[0], kRecordMagic);
    EXPECT_EQ(fields[1], pid_tgid);
  }
}

std::vector<std::string> *libbpf_warnings = nullptr;

int recordLibbpfWarning(libbpf_print_level level, const char *format, va_list args) {
  if (level == LIBBPF_WARN && libbpf_warnings) {
    char message[1024];
    vsnprintf(message, sizeof(message), format, args);
    libbpf_warnings->push_back(message);
  }
  return 0;
}

// Every map kind codegen uses is created with its BTF: no libbpf warning such as
// "Error in bpf_create_map_xattr ... Retrying without BTF".
TEST_F(BpfModuleKernel, AllMapKindsLoadWithoutWarnings) {
  BpfModule m("maps.bt");
  m.declareMap("hash", BPF_MAP_TYPE_HASH, 12, 8, 64);
  m.declareMap("lru", BPF_MAP_TYPE_LRU_HASH, 8, 16, 64);
  m.declareMap("percpu_hash", BPF_MAP_TYPE_PERCPU_HASH, 8, 8, 64, BPF_F_NO_PREALLOC);
  m.declareMap("array", BPF_MAP_TYPE_ARRAY, 4, 24, 4);
  m.declareMap("percpu_array", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 512, 1);
  m.declareMap("stacks", BPF_MAP_TYPE_STACK_TRACE, 4, 127 * 8, 128);
  m.declareRingBuffer("events", 64 * 1024);
  m.beginProgram("noop", "raw_tp/test");
  m.builder().CreateRet(m.builder().getInt32(0));
  std::string error;
  auto object = m.emitObject(&error);
  ASSERT_EQ(error, "");

  std::vector<std::string> warnings;
  libbpf_warnings = &warnings;
  libbpf_print_fn_t previous = libbpf_set_print(recordLibbpfWarning);
  ObjectPtr obj = openObject(object);
  ASSERT_NE(obj, nullptr);
  EXPECT_EQ(bpf_object__load(obj.get()), 0);
  libbpf_set_print(previous);
  libbpf_warnings = nullptr;
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  bpf_map *stacks = bpf_object__find_map_by_name(obj.get(), "stacks");
  ASSERT_NE(stacks, nullptr);
  EXPECT_GE(bpf_map__fd(stacks), 0);
}

TEST_F(BpfModuleKernel, VerifierLogShowsScriptLine) {
  BpfModule m("script.bt", "raw_tp/test {\n  @counts[7] = *lookup;\n}\n");
  auto *counts = m.declareMap("counts", BPF_MAP_TYPE_HASH, 8, 8, 16);
  m.beginProgram("unchecked_lookup", "raw_tp/test", 1);
  auto &b = m.builder();
  m.setLocation(2, 3);
  auto *key = m.createEntryAlloca(b.getInt64Ty(), "key");
  b.CreateStore(b.getInt64(7), key);
  // Dereferencing a lookup result without a null check: the verifier rejects it.
  auto *value = b.CreateLoad(b.getInt64Ty(), m.mapLookup(counts, key));
  b.CreateRet(b.CreateTrunc(value, b.getInt32Ty()));
  std::string error;
  auto object = m.emitObject(&error);
  ASSERT_EQ(error, "");

  ObjectPtr obj = openObject(object);
  ASSERT_NE(obj, nullptr);
  std::vector<char> log(64 * 1024);
  bpf_program *prog = bpf_object__find_program_by_name(obj.get(), "unchecked_lookup");
  bpf_program__set_log_buf(prog, log.data(), log.size());
  libbpf_print_fn_t previous = libbpf_set_print(nullptr);
  EXPECT_NE(bpf_object__load(obj.get()), 0);
  libbpf_set_print(previous);
  std::string text(log.data());
  EXPECT_NE(text.find("; @counts[7] = *lookup; @ script.bt:2"), std::string::npos) << text;
}

} // namespace
} // namespace bpfscope
