// String, byte, address and map functions run in real BPF programs (output
// compared exactly; where bpftrace 0.17 has the function it prints the same).
#include "harness.h"

#include <unistd.h>

namespace bpfscope::e2e {
namespace {

class FunctionsTest : public E2ETest {};

// debugf() writes through bpf_trace_vprintk into the kernel's trace buffer,
// not to the tool's output: the line carries a token unique to this run.
TEST_F(FunctionsTest, DebugfWritesTheTracePipe) {
  std::string token = "bpfscope_debugf_" + std::to_string(::getpid());
  EXPECT_EQ(quietScriptOutput("BEGIN { debugf(\"" + token +
                              R"( %d %s %x|%-3d|", 42, "str", 255, 7); exit(); })"),
            "\n\n");
  std::string trace = shellOutput("grep -a '" + token + "' /sys/kernel/tracing/trace");
  EXPECT_NE(trace.find("bpf_trace_printk: " + token + " 42 str ff|7  |"), std::string::npos)
      << trace;
}

TEST_F(FunctionsTest, DebugfRefusesWhatTheKernelCannotFormat) {
  RunResult result = runBpfscope({"-e", R"(BEGIN { debugf("%s", 1); })"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(
      result.err.find("ERROR: debugf cannot print a int64 with %s: the kernel formats the text"),
      std::string::npos)
      << result.err;
}

TEST_F(FunctionsTest, StrncmpComparesAPrefix) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { printf("%d %d %d %d\n", strncmp("hello", "help", 3),
    strncmp("hello", "help", 4), strncmp("ab", "abc", 5), strncmp("ab", "ab", 9)); exit(); })"),
            "0 1 1 0\n\n\n");
}

TEST_F(FunctionsTest, StrcontainsAndStrstrSearchTheHaystack) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { $h = "hello world";
    printf("%d %d %d %d\n", strstr($h, "o w"), strstr($h, "xyz"), strstr($h, ""), strstr($h, "world"));
    @yes = strcontains($h, "lo w"); @no = strcontains("abc", "abd"); @end = strcontains("abc", "c");
    exit(); })"),
            "4 -1 0 6\n\n\n@end: true\n@no: false\n@yes: true\n");
}

TEST_F(FunctionsTest, StrlenCountsUpToTheNul) {
  EXPECT_EQ(
      quietScriptOutput(
          R"(BEGIN { printf("%d %d %d\n", strlen("hello"), strlen(""), strlen(comm)); exit(); })"),
      "5 0 8\n\n\n");
}

TEST_F(FunctionsTest, BswapReversesTheArgumentsWidth) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { printf("%x %x %lx %d\n", bswap((uint32)0x12345678),
    bswap((uint16)0x1234), bswap(0x1122334455667788), bswap((uint8)7)); exit(); })"),
            "78563412 3412 8877665544332211 7\n\n\n");
}

TEST_F(FunctionsTest, BufPrintsWithTheThreeHexFormats) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { $a = pton("10.1.2.3");
    printf("%r|%rx|%rh\n", buf($a, 4), buf(comm, 4), buf("AB\n", 3)); @b = buf("hi", 2); exit(); })"),
            "\\x0a\\x01\\x02\\x03|\\x62\\x70\\x66\\x73|41 42 0a\n\n\n@b: hi\n");
}

TEST_F(FunctionsTest, NtopAndPtonRoundTrip) {
  EXPECT_EQ(
      quietScriptOutput(R"(BEGIN { printf("%s %s %s\n", ntop(0x0100007f), ntop(pton("fe80::1")),
    ntop(2, pton("192.168.1.20"))); print(pton("1.2.3.4")); @[ntop(pton("::1"))] = 1; exit(); })"),
      "127.0.0.1 fe80::1 192.168.1.20\n[1,2,3,4]\n\n\n@[::1]: 1\n");
}

TEST_F(FunctionsTest, NtopOfTracepointAddressArrays) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_tcp"), "0"};
  options.sigintAfter = milliseconds(200);
  RunResult result = runBpfscope(
      {"-e",
       R"(tracepoint:sock:inet_sock_set_state /comm == "bpfs_tcp" && args.newstate == 1/ {
         @[ntop(args.saddr), ntop(args.daddr)] = count(); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[127.0.0.1, 127.0.0.1]: 2\n");
}

TEST_F(FunctionsTest, NtopOfTracepointIPv6Arrays) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_tcp"), "0", "6"};
  options.sigintAfter = milliseconds(200);
  RunResult result = runBpfscope(
      {"-e",
       R"(tracepoint:sock:inet_sock_set_state /comm == "bpfs_tcp" && args.newstate == 1/ {
         @[ntop(args.saddr_v6), ntop(10, args.daddr_v6)] = count(); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[::1, ::1]: 2\n");
}

// The preamble bpftrace's tools (tcplife, tcpconnect) start with.
TEST_F(FunctionsTest, NtopWithTheAddressFamilyOfAToolsPreamble) {
  EXPECT_EQ(quietScriptOutput(R"(#ifndef BPFTRACE_HAVE_BTF
#include <linux/socket.h>
#else
#include <sys/socket.h>
#endif
BEGIN { printf("%s %s %s\n", ntop(AF_INET, 0x0100007f), ntop(AF_INET6, pton("::1")),
  strerror(EPERM)); exit(); })"),
            "127.0.0.1 ::1 Operation not permitted\n\n\n");
}

TEST_F(FunctionsTest, ClocksAndNamespacesByName) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { $m = nsecs(monotonic); $b = nsecs(boot);
    printf("%d %d %d %d\n", $m > 0 && $m <= $b, nsecs(tai) > $b, nsecs(sw_tai) > $b,
      pid(init) == pid && tid(curr_ns) == tid); exit(); })"),
            "1 1 1 1\n\n\n");
}

TEST_F(FunctionsTest, ProbetypeAndHasCpid) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { printf("%s %d\n", probetype, has_cpid); }
    interval:ms:10 { printf("%s\n", probetype()); exit(); })"),
            "special 0\ninterval\n\n\n");
}

TEST_F(FunctionsTest, MacaddrPrintsSixHexPairs) {
  EXPECT_EQ(
      quietScriptOutput(R"(BEGIN { $a = pton("fe80:1234:5678:9abc::"); printf("%s\n", macaddr($a));
    @[macaddr($a)] = 1; exit(); })"),
      "FE:80:12:34:56:78\n\n\n@[FE:80:12:34:56:78]: 1\n");
}

TEST_F(FunctionsTest, KptrUptrAndIsErr) {
  EXPECT_EQ(quietScriptOutput(
                R"(BEGIN { printf("%d %d %d\n", is_err(-22), is_err(0), is_err(kptr(-4096)));
    exit(); })"),
            "1 0 0\n\n\n");
}

// Strings, not numbers: they compare with ==, key maps, and feed string functions.
TEST_F(FunctionsTest, StrerrorSignalNameAndSyscallNameAreStrings) {
  EXPECT_EQ(quietScriptOutput(R"(#include <errno.h>
BEGIN { printf("%s|%s|%s|%s\n", strerror(2), strerror(-13), signal_name(9), syscall_name(59));
    @e[strerror(11)] = count(); @s = signal_name(34); @n = syscall_name(1000);
    if (strerror(EPERM) == "Operation not permitted" && signal_name(SIGINT) != "Killed") {
      printf("equal\n"); }
    printf("%s|%s|%d|%s\n", strerror(200), signal_name(65), strlen(syscall_name(__NR_read)),
      syscall_name(-1)); exit(); })"),
            "No such file or directory|Permission denied|Killed|execve\n"
            "equal\n"
            "Unknown error|N/A|4|Unknown syscall\n\n\n"
            "@e[Try again (operation would block)]: 1\n"
            "@n: Unknown syscall\n"
            "@s: Real-time signal 0\n");
}

// The workload calls getppid() 5 times, then getpid() 3 times.
TEST_F(FunctionsTest, SyscallNameOfRawSyscallEvents) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "5", "3"};
  options.sigintAfter = milliseconds(200);
  RunResult result =
      runBpfscope({"-e", R"(tracepoint:raw_syscalls:sys_enter /comm == "bpfs_burst"/ {
         $name = syscall_name(args.id);
         if ($name == "getppid" || $name == "getpid") { @[$name] = count(); } })"},
                  options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[getpid]: 3\n@[getppid]: 5\n");
}

// kill(self, 0) succeeds; kill(a missing pid, 0) fails with ESRCH.
TEST_F(FunctionsTest, StrerrorOfSyscallResults) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_kill"), "2147483647"};
  options.sigintAfter = milliseconds(200);
  RunResult result = runBpfscope({"-e", R"(tracepoint:syscalls:sys_exit_kill /comm == "bpfs_kill"/ {
         printf("%d %s\n", args.ret, strerror(args.ret)); })"},
                                 options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "0 Success\n-3 No such process\n\n\n");
}

TEST_F(FunctionsTest, HasKeyFindLenAndDelete) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @m[1] = 10; @m[2] = 20; @t[1, "a"] = 5;
    let $v; $found = find(@m, 2, $v);
    printf("%d %d %d %d %d\n", has_key(@m, 1), has_key(@m, 3), has_key(@t, (1, "a")), $found, $v);
    printf("%d ", len(@m)); $d = delete(@m, 1); $again = delete(@m, 1);
    printf("%d %d %d %d\n", $d, $again, len(@m), find(@m, 1, $v)); delete(@t, (1, "a")); exit(); })"),
            "1 0 1 1 20\n2 1 0 1 0\n\n\n@m[2]: 20\n");
}

} // namespace
} // namespace bpfscope::e2e
