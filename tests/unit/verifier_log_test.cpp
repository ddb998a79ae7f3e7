#include "runtime/verifier_log.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

// Recorded from Linux 6.18 for `BEGIN { @x = 1; @c[7] = *lookup; }` with the
// lookup result dereferenced without a null check.
const char *kUncheckedLookupLog = R"(func#0 @0
0: R1=ctx() R10=fp0
; BEGIN { @x = 1; @c[7] = *lookup; } @ stdin:1
0: (b7) r1 = 7                        ; R1_w=7
1: (7b) *(u64 *)(r10 -8) = r1         ; R1_w=7 R10=fp0 fp-8_w=7
2: (bf) r2 = r10                      ; R2_w=fp0 R10=fp0
3: (07) r2 += -8                      ; R2_w=fp-8
4: (18) r1 = 0xffff8f2b41a2c000       ; R1_w=map_ptr(map=c,ks=8,vs=8)
6: (85) call bpf_map_lookup_elem#1    ; R0_w=map_value_or_null(id=1,map=c,ks=8,vs=8)
7: (79) r0 = *(u64 *)(r0 +0)
R0 invalid mem access 'map_value_or_null'
processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
)";

TEST(VerifierLog, FindsRejectedInstructionLineAndMessage) {
  VerifierRejection r = parseVerifierLog(kUncheckedLookupLog);
  EXPECT_EQ(r.instruction, 7u);
  EXPECT_EQ(r.line, 1);
  EXPECT_EQ(r.message, "R0 invalid mem access 'map_value_or_null'");
}

TEST(VerifierLog, LineIsTheLastAnnotationBeforeTheRejectedInstruction) {
  VerifierRejection r = parseVerifierLog(R"(; a @ f.bt:2
0: (b7) r0 = 0
; b @ f.bt:5
1: (95) exit
; c @ f.bt:9
2: (85) call unknown#999
invalid func unknown#999
processed 3 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
)");
  EXPECT_EQ(r.instruction, 2u);
  EXPECT_EQ(r.line, 9);
  EXPECT_EQ(r.message, "invalid func unknown#999");
}

TEST(VerifierLog, ControlFlowErrorNamesItsInstruction) {
  VerifierRejection r = parseVerifierLog("back-edge from insn 12 to 4\nprocessed 0 insns (limit "
                                         "1000000) max_states_per_insn 0 total_states 0\n");
  EXPECT_EQ(r.instruction, 12u);
  EXPECT_EQ(r.line, std::nullopt);
  EXPECT_EQ(r.message, "back-edge from insn 12 to 4");
}

TEST(VerifierLog, MultiLineVerdictIsJoined) {
  VerifierRejection r = parseVerifierLog(R"(; x @ s:3
4: (61) r1 = *(u32 *)(r0 +8)
invalid access to map value, value_size=8 off=8 size=4
R0 min value is outside of the allowed memory range
processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
)");
  EXPECT_EQ(r.instruction, 4u);
  EXPECT_EQ(r.message, "invalid access to map value, value_size=8 off=8 size=4; R0 min value is "
                       "outside of the allowed memory range");
}

TEST(VerifierLog, EmptyLogHasNothing) {
  VerifierRejection r = parseVerifierLog("");
  EXPECT_EQ(r.instruction, std::nullopt);
  EXPECT_EQ(r.line, std::nullopt);
  EXPECT_EQ(r.message, "");
}

TEST(VerifierLog, StateLinesAreNotInstructions) {
  VerifierRejection r = parseVerifierLog("0: R1=ctx() R10=fp0\nfrom 6 to 8: R0=map_value\n");
  EXPECT_EQ(r.instruction, std::nullopt);
}

struct Explained {
  const char *message;
  const char *words; // a phrase the explanation must contain
};

class VerifierExplanation : public ::testing::TestWithParam<Explained> {};

TEST_P(VerifierExplanation, NamesTheCommonCause) {
  EXPECT_NE(explainVerifierMessage(GetParam().message).find(GetParam().words), std::string::npos)
      << explainVerifierMessage(GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, VerifierExplanation,
    ::testing::Values(
        Explained{"back-edge from insn 12 to 4", "loop"},
        Explained{"infinite loop detected at insn 5", "loop"},
        Explained{"BPF program is too large. Processed 1000001 insn", "1 million"},
        Explained{"The sequence of 8193 jumps is too complex.", "too large"},
        Explained{"combined stack size of 2 calls is 544. Too large", "512 bytes"},
        Explained{"invalid write to stack R10 off=-520 size=8", "outside"},
        Explained{"R0 invalid mem access 'map_value_or_null'", "null"},
        Explained{"R1 invalid mem access 'scalar'", "null"},
        Explained{"program of this type cannot use helper bpf_probe_write_user#36", "helper"},
        Explained{"unknown func bpf_ringbuf_output#130", "helper"},
        Explained{"unknown func bpf_override_return#58", "CONFIG_BPF_KPROBE_OVERRIDE"},
        Explained{"R2 min value is negative, either use unsigned or 'var &= const'", "clamp"},
        Explained{"R1 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value", "argument"},
        Explained{"R3 !read_ok", "bug"}, Explained{"unreachable insn 9", "bug"},
        // A helper newer than the kernel: the feature and the release it needs.
        Explained{"invalid func unknown#120",
                  "pid and tid inside a PID namespace: it needs Linux 5.7"},
        Explained{"invalid func unknown#164", "for loops over maps and len(): it needs Linux 5.13"},
        Explained{"invalid func unknown#195", "inside a probe: it needs Linux 5.19"},
        Explained{"invalid func unknown#130", "printf() and the other output functions: it needs "
                                              "Linux 5.8"}));

TEST(VerifierExplanation, UnknownHelperIdOfNoFeatureIsNotCalledTooOld) {
  EXPECT_EQ(explainVerifierMessage("invalid func unknown#99999").find("too old"),
            std::string::npos);
}

TEST(VerifierExplanation, UnknownMessageHasNoExplanation) {
  EXPECT_EQ(explainVerifierMessage("something new the kernel says"), "");
}

} // namespace
} // namespace bpfscope
